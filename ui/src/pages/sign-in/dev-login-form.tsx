import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import { useState, type FormEvent } from "react";
import type { DevLoginRequest } from "../../api/types";
import { parseGroups } from "../../lib/parse-groups";

interface DevLoginFormProps {
  pending: boolean;
  onSubmit: (request: DevLoginRequest) => void;
}

/** Sign in as any user with any groups: development mode only. */
export function DevLoginForm({ pending, onSubmit }: DevLoginFormProps) {
  const [email, setEmail] = useState("");
  const [groups, setGroups] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const emailError = submitted && email.trim() === "" ? "Enter the user to sign in as." : undefined;

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (email.trim() === "") return;
    onSubmit({ user: email.trim(), groups: parseGroups(groups) });
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Form
        actions={
          <Button formAction="submit" loading={pending}>
            Sign in
          </Button>
        }
      >
        <ColumnLayout columns={2}>
          <FormField label="Email" errorText={emailError}>
            <Input
              type="email"
              value={email}
              placeholder="alice@example.com"
              autoComplete="username"
              onChange={({ detail }) => setEmail(detail.value)}
            />
          </FormField>
          <FormField label="Groups" description="Comma-separated">
            <Input
              value={groups}
              placeholder="engineering, admins"
              onChange={({ detail }) => setGroups(detail.value)}
            />
          </FormField>
        </ColumnLayout>
      </Form>
    </form>
  );
}
