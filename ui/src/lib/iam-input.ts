/** What IAM takes as a managed policy ARN and as tag text, checked before a request is sent. */

const POLICY_ARN = /^arn:aws[\w-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/;
const TAG_TEXT = /^[\w\s.:/=+@-]*$/;

/** A customer or AWS managed policy ARN, e.g. `arn:aws:iam::aws:policy/ReadOnlyAccess`. */
export function isManagedPolicyArn(arn: string): boolean {
  return POLICY_ARN.test(arn);
}

/** A tag key or value: letters, digits, spaces and `_.:/=+-@`. */
export function isTagText(text: string): boolean {
  return TAG_TEXT.test(text);
}

export const TAG_TEXT_HINT = "Keys and values may use letters, digits, spaces and _.:/=+-@.";
export const POLICY_ARN_HINT =
  "Enter a managed policy ARN, e.g. arn:aws:iam::aws:policy/ReadOnlyAccess.";
