import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useRouterFollow } from "../../components/use-router-follow";
import { parseEditTarget, policyEditorPath } from "../../lib/edit-target";

/** `/requests/new` without a usable `arn`: asks what to change. */
export function TargetPicker({ initialArn }: { initialArn: string }) {
  const navigate = useNavigate();
  const onFollow = useRouterFollow();
  const [arn, setArn] = useState(initialArn);
  const [tried, setTried] = useState(initialArn !== "");
  const valid = parseEditTarget(arn.trim()) !== null;
  return (
    <ContentLayout header={<Header variant="h1">Request changes</Header>}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (valid) void navigate(policyEditorPath(arn.trim()));
        }}
      >
        <Form
          actions={
            <Button variant="primary" formAction="submit">
              Continue
            </Button>
          }
        >
          <Container header={<Header variant="h2">What do you want to change?</Header>}>
            <SpaceBetween size="m">
              <FormField
                label="ARN"
                description="An IAM role or user, S3 bucket, SQS queue or SNS topic."
                errorText={
                  tried && !valid
                    ? "This is not the ARN of a role, user, bucket, queue or topic."
                    : null
                }
                stretch
              >
                <Input
                  value={arn}
                  placeholder="arn:aws:iam::123456789012:role/example"
                  onChange={({ detail }) => setArn(detail.value)}
                />
              </FormField>
              <span>
                Or{" "}
                <Link href="/resources" onFollow={onFollow}>
                  find it among the resources
                </Link>{" "}
                and choose Request changes on its page.
              </span>
            </SpaceBetween>
          </Container>
        </Form>
      </form>
    </ContentLayout>
  );
}
