import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import { useState } from "react";
import type { RequestComment } from "../../api/types";
import { formatIsoTime } from "../../lib/format-time";

interface CommentThreadProps {
  comments: readonly RequestComment[];
  canComment: boolean;
  sending: boolean;
  /** Sends the text; `sent` is called once the server took it (to clear the form). */
  onComment: (text: string, sent: () => void) => void;
}

/** The discussion of a request, oldest first, and a form to add to it. */
export function CommentThread({ comments, canComment, sending, onComment }: CommentThreadProps) {
  const [text, setText] = useState("");
  const submit = () => {
    const trimmed = text.trim();
    if (trimmed) onComment(trimmed, () => setText(""));
  };
  return (
    <Container
      header={
        <Header variant="h2" counter={`(${comments.length})`}>
          Comments
        </Header>
      }
    >
      <SpaceBetween size="l">
        {comments.length === 0 ? (
          <Box color="text-status-inactive">No comments yet.</Box>
        ) : (
          <ul className="request-page__comments" aria-label="Comments">
            {comments.map((comment) => (
              <li key={comment.id} className="request-page__comment">
                <SpaceBetween direction="horizontal" size="xs">
                  <Box variant="strong">{comment.author}</Box>
                  <Box variant="small" color="text-body-secondary">
                    {formatIsoTime(comment.at)}
                  </Box>
                </SpaceBetween>
                <div className="request-page__text">{comment.text}</div>
              </li>
            ))}
          </ul>
        )}
        {canComment && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <Form
              actions={
                <Button
                  variant="normal"
                  formAction="submit"
                  loading={sending}
                  disabled={!text.trim()}
                >
                  Add comment
                </Button>
              }
            >
              <FormField label="New comment">
                <Textarea
                  value={text}
                  onChange={({ detail }) => setText(detail.value)}
                  placeholder="Ask a question or explain your decision"
                  rows={3}
                />
              </FormField>
            </Form>
          </form>
        )}
      </SpaceBetween>
    </Container>
  );
}
