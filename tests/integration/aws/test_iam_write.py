"""IAM and resource policy writers against moto: version rotation, what a missing thing reads
as, and deleting what is already gone."""

from __future__ import annotations

import json
import uuid

import pytest

from consoleme.aws import iam_write, resource_policy_write
from consoleme.aws.demo_org import DemoOrg
from consoleme.aws.demo_plan import REGION
from consoleme.aws.hub import AwsHub
from consoleme.aws.iam_write import Principal, RoleCopy
from consoleme.errors import AwsError

pytestmark = pytest.mark.integration


def document(sid: str) -> dict[str, object]:
    statement = {"Sid": sid, "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
    return {"Version": "2012-10-17", "Statement": [statement]}


async def versions(hub: AwsHub, account_id: str, arn: str) -> tuple[list[str], str]:
    listed = await hub.call("iam", "list_policy_versions", account_id=account_id, PolicyArn=arn)
    found = listed["Versions"]
    default = next(v["VersionId"] for v in found if v["IsDefaultVersion"])
    return sorted(v["VersionId"] for v in found), default


async def test_a_new_version_replaces_the_oldest_non_default_one(
    hub: AwsHub, aws_org: DemoOrg
) -> None:
    account = aws_org.accounts["prod"]
    name = f"cmtest-versions-{uuid.uuid4().hex[:8]}"
    created = await hub.call(
        "iam", "create_policy", account_id=account, PolicyName=name,
        PolicyDocument=json.dumps(document("V1")),
    )  # fmt: skip
    arn = created["Policy"]["Arn"]
    for n in range(2, 6):
        assert await iam_write.set_managed_policy_document(hub, arn, document(f"V{n}")) == f"v{n}"
    assert await versions(hub, account, arn) == (["v1", "v2", "v3", "v4", "v5"], "v5")

    assert await iam_write.set_managed_policy_document(hub, arn, document("V6")) == "v6"
    assert await versions(hub, account, arn) == (["v2", "v3", "v4", "v5", "v6"], "v6")
    assert await iam_write.managed_policy_document(hub, arn) == document("V6")

    # The default version is never the one deleted, even when it is the oldest.
    await hub.call(
        "iam", "set_default_policy_version", account_id=account, PolicyArn=arn, VersionId="v2"
    )
    assert await iam_write.set_managed_policy_document(hub, arn, document("V7")) == "v7"
    assert await versions(hub, account, arn) == (["v2", "v4", "v5", "v6", "v7"], "v7")


async def test_missing_documents_read_as_none_and_missing_principals_as_errors(
    hub: AwsHub, aws_org: DemoOrg
) -> None:
    account = aws_org.accounts["security"]
    sfx = uuid.uuid4().hex[:8]
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ec2.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role = RoleCopy(f"cmtest-w-{sfx}", "/", "", 3600, trust, tags={"a": "b"})
    await iam_write.create_role(hub, account, role)
    who = Principal.from_arn(f"arn:aws:iam::{account}:role/{role.name}")
    assert await iam_write.inline_policy(hub, who, "nothing") is None
    assert await iam_write.tags(hub, who) == {"a": "b"}
    assert await iam_write.boundary(hub, who) is None
    assert (await iam_write.find_role(hub, account, role.name) or {})[
        "AssumeRolePolicyDocument"
    ] == trust
    await iam_write.delete_inline_policy(hub, who, "nothing")  # already gone: no error
    await iam_write.delete_boundary(hub, who)

    missing = Principal("role", account, f"cmtest-missing-{sfx}")
    with pytest.raises(AwsError) as raised:
        await iam_write.inline_policy(hub, missing, "anything")
    assert raised.value.aws_code == "NoSuchEntity"
    assert await iam_write.find_role(hub, account, missing.name) is None

    sqs = await hub.client("sqs", account, REGION)
    queue = await sqs.call("create_queue", QueueName=f"cmtest-w-{sfx}")
    queue_arn = f"arn:aws:sqs:{REGION}:{account}:cmtest-w-{sfx}"
    target = resource_policy_write.PolicyTarget.of("sqs", queue_arn, "")
    assert await resource_policy_write.resource_policy(hub, target) is None
    await resource_policy_write.put_resource_policy(hub, target, document("Q"))
    assert await resource_policy_write.resource_policy(hub, target) == document("Q")
    await resource_policy_write.put_resource_policy(hub, target, None)
    assert await resource_policy_write.resource_policy(hub, target) is None
    assert queue["QueueUrl"].endswith(f"/cmtest-w-{sfx}")
