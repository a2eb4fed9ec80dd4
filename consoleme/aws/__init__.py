"""The only code that talks to AWS (see ../shared/DESIGN.md sections 3 and 5).

- :mod:`~consoleme.aws.hub`: ``AwsHub`` — clients per (service, account, region), reused; spoke
  roles assumed and cached (:mod:`~consoleme.aws.spoke`); calls bounded per account
  (:mod:`~consoleme.aws.client`); failures as :class:`consoleme.errors.AwsError`.
- Readers, one per service, returning :mod:`consoleme.domain.inventory` documents:
  :mod:`~consoleme.aws.iam_read` (roles, users, managed policies), :mod:`~consoleme.aws.s3_read`,
  :mod:`~consoleme.aws.sqs_read`, :mod:`~consoleme.aws.sns_read`,
  :mod:`~consoleme.aws.organizations_read`, :mod:`~consoleme.aws.cloudtrail_read`.
- :mod:`~consoleme.aws.demo_org`: the demo organization seeded into a moto server (demo/tests).
"""
