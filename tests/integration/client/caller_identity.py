"""``python caller_identity.py ENDPOINT``: sts:GetCallerIdentity at ENDPOINT with whatever
credentials botocore's default chain finds in this process's environment; prints JSON with the
identity and the provider that supplied the credentials (exit 1 with the error otherwise)."""

from __future__ import annotations

import json
import sys

import botocore.session


def main() -> int:
    session = botocore.session.get_session()
    credentials = session.get_credentials()
    if credentials is None:
        print("no credentials found", file=sys.stderr)
        return 1
    client = session.create_client("sts", region_name="us-east-1", endpoint_url=sys.argv[1])
    identity = client.get_caller_identity()
    print(
        json.dumps(
            {
                "Arn": identity["Arn"],
                "Account": identity["Account"],
                "method": credentials.method,
                "access_key": credentials.get_frozen_credentials().access_key,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
