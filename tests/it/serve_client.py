"""Every Secrets Manager operation and its error cases through boto3, against
whatever AWS_ENDPOINT_URL_SECRETS_MANAGER points at (arca serve or
moto_server). Prints one line per step, `STEP RESULT`, with what differs
between two correct servers normalised away: ARNs, dates, request ids,
version ids (numbered in order of appearance) and random passwords.

Run by tests/it/serve.rs, which compares arca's lines with moto's.
"""

import base64
import json
import re
import sys

import boto3
import botocore.exceptions

client = boto3.client("secretsmanager")
versions = {}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TOKEN_A = "a" * 32
TOKEN_B = "b" * 32


# Left out: what only one of two correct servers reports. LastAccessedDate
# (arca's reads never write, so it keeps none), an empty NextToken, and
# versions without labels in the version-to-stages maps (AWS lists only
# labelled ones there).
DROPPED = ("ResponseMetadata", "LastAccessedDate")


def norm(value, key=None):
    if isinstance(value, dict):
        out = {}
        for k, v in sorted(value.items()):
            if k in DROPPED or (k == "NextToken" and v == ""):
                continue
            if key in ("VersionIdsToStages", "SecretVersionsToStages") and v == []:
                continue
            out[norm(k) if key in ("VersionIdsToStages", "SecretVersionsToStages") else k] = norm(v, k)
        return out
    if isinstance(value, list):
        items = [norm(v) for v in value]
        if key in ("VersionStages", "TagKeys"):
            items.sort()
        if key == "Tags":
            items.sort(key=lambda t: t["Key"])
        return items
    if hasattr(value, "isoformat"):
        return "<date>"
    if isinstance(value, bytes):
        return "b64:" + base64.b64encode(value).decode()
    if key == "ARN":
        return "<arn>"
    if isinstance(value, str) and UUID.match(value) and key != "SecretString":
        return versions.setdefault(value, "v%d" % (len(versions) + 1))
    if key == "RandomPassword":
        return "<password of %d>" % len(value)
    return value


def step(name, call, **kwargs):
    try:
        result = norm(call(**kwargs))
    except botocore.exceptions.ClientError as e:
        err = e.response["Error"]
        result = {"error": err["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}
    except botocore.exceptions.ParamValidationError as e:
        result = {"client-side": str(e).splitlines()[0]}
    print(name, json.dumps(result, sort_keys=True))
    sys.stdout.flush()
    return result


c = client
# Versions are numbered by first appearance: create's VersionId is v1.
step("create", c.create_secret, Name="app/db", SecretString='{"user":"u","password":"p1"}',
     Description="the database", Tags=[{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "dev"}],
     ClientRequestToken=TOKEN_A)
step("create-again-same-token", c.create_secret, Name="app/db", SecretString='{"user":"u","password":"p1"}',
     ClientRequestToken=TOKEN_A)
step("create-exists", c.create_secret, Name="app/db", SecretString="other")
step("create-binary", c.create_secret, Name="app/cert", SecretBinary=b"\x00\x01binary\xff")
step("create-no-value", c.create_secret, Name="app/empty", Description="no value yet")
step("get", c.get_secret_value, SecretId="app/db")
step("get-binary", c.get_secret_value, SecretId="app/cert")
step("get-no-value", c.get_secret_value, SecretId="app/empty")
step("get-missing", c.get_secret_value, SecretId="app/nope")
step("put", c.put_secret_value, SecretId="app/db", SecretString='{"user":"u","password":"p2"}',
     ClientRequestToken=TOKEN_B)
step("put-same-token", c.put_secret_value, SecretId="app/db", SecretString='{"user":"u","password":"p2"}',
     ClientRequestToken=TOKEN_B)
step("put-token-other-value", c.put_secret_value, SecretId="app/db", SecretString="changed",
     ClientRequestToken=TOKEN_B)
step("put-missing", c.put_secret_value, SecretId="app/nope", SecretString="x")
step("put-staged", c.put_secret_value, SecretId="app/db", SecretString="staged", VersionStages=["STAGED"])
step("get-current", c.get_secret_value, SecretId="app/db")
step("get-previous", c.get_secret_value, SecretId="app/db", VersionStage="AWSPREVIOUS")
step("get-staged", c.get_secret_value, SecretId="app/db", VersionStage="STAGED")
step("get-by-version", c.get_secret_value, SecretId="app/db", VersionId=TOKEN_A)
step("get-by-other-version", c.get_secret_value, SecretId="app/db",
     VersionId=[k for k, v in versions.items() if v == "v1"][0])
step("get-bad-stage", c.get_secret_value, SecretId="app/db", VersionStage="NOPE")
step("versions", c.list_secret_version_ids, SecretId="app/db")
step("stage-missing-version", c.update_secret_version_stage, SecretId="app/db", VersionStage="X",
     MoveToVersionId="e" * 8 + "-eeee-4eee-8eee-" + "e" * 12)
step("update-description", c.update_secret, SecretId="app/db", Description="still the database")
step("update-value", c.update_secret, SecretId="app/db", SecretString="updated")
step("describe", c.describe_secret, SecretId="app/db")
step("describe-missing", c.describe_secret, SecretId="app/nope")
step("tag", c.tag_resource, SecretId="app/db", Tags=[{"Key": "owner", "Value": "me"}])
step("untag", c.untag_resource, SecretId="app/db", TagKeys=["env"])
step("describe-tags", lambda: {"Tags": c.describe_secret(SecretId="app/db").get("Tags")})
step("list", c.list_secrets)
step("list-filter-name", c.list_secrets, Filters=[{"Key": "name", "Values": ["app/c"]}])
step("list-filter-tag", c.list_secrets, Filters=[{"Key": "tag-key", "Values": ["owner"]}])
step("list-page", lambda: {"Names": [s["Name"] for s in c.list_secrets(MaxResults=2)["SecretList"]]})
step("list-pages", lambda: {"Names": [s["Name"] for page in c.get_paginator("list_secrets").paginate(
    PaginationConfig={"PageSize": 1}) for s in page["SecretList"]]})
step("batch-get", c.batch_get_secret_value, SecretIdList=["app/db", "app/cert"])
step("batch-get-missing", lambda: {"errors": [e["ErrorCode"] for e in c.batch_get_secret_value(
    SecretIdList=["app/db", "app/nope"])["Errors"]]})
step("random-password", c.get_random_password, PasswordLength=24, ExcludePunctuation=True)
step("random-password-too-long", c.get_random_password, PasswordLength=5000)
step("delete", lambda: {k: v for k, v in c.delete_secret(SecretId="app/cert", RecoveryWindowInDays=7).items()
                        if k != "DeletionDate"})
step("get-deleted", c.get_secret_value, SecretId="app/cert")
step("delete-bad-window", c.delete_secret, SecretId="app/db", RecoveryWindowInDays=3)
step("restore", c.restore_secret, SecretId="app/cert")
step("get-restored", c.get_secret_value, SecretId="app/cert")
step("delete-now", c.delete_secret, SecretId="app/empty", ForceDeleteWithoutRecovery=True)
step("get-deleted-now", c.get_secret_value, SecretId="app/empty")
step("delete-now-missing", lambda: {"ok": c.delete_secret(SecretId="app/gone",
                                                          ForceDeleteWithoutRecovery=True)["Name"]})
step("cancel-rotate-none", c.cancel_rotate_secret, SecretId="app/db")
step("list-end", lambda: {"Names": [s["Name"] for s in c.list_secrets()["SecretList"]]})
step("rotate", lambda: {k: v for k, v in c.rotate_secret(SecretId="app/db", RotationRules={"AutomaticallyAfterDays": 30}).items()})
step("describe-rotated", lambda: {k: v for k, v in c.describe_secret(SecretId="app/db").items() if k.startswith("Rotation")})
step("get-rotated", lambda: {"changed": c.get_secret_value(SecretId="app/db")["SecretString"] != "updated"})
step("cancel-rotate", c.cancel_rotate_secret, SecretId="app/db")
step("describe-cancelled", lambda: {k: v for k, v in c.describe_secret(SecretId="app/db").items() if k.startswith("Rotation")})
# Moving AWSCURRENT back, on a secret of its own (moto gets it wrong, and
# the other steps should not depend on that).
TOKEN_C, TOKEN_D = "c" * 32, "d" * 32
c.create_secret(Name="app/move", SecretString="first", ClientRequestToken=TOKEN_C)
c.put_secret_value(SecretId="app/move", SecretString="second", ClientRequestToken=TOKEN_D)
step("move-current-back", c.update_secret_version_stage, SecretId="app/move", VersionStage="AWSCURRENT",
     MoveToVersionId=TOKEN_C, RemoveFromVersionId=TOKEN_D)
step("get-after-move", c.get_secret_value, SecretId="app/move")
step("versions-after-move", c.list_secret_version_ids, SecretId="app/move")
c.delete_secret(SecretId="app/move", ForceDeleteWithoutRecovery=True)
# Where moto is known to differ (see tests/it/serve.rs): last, so that no
# other step's version numbering depends on them.
step("create-bad-name", c.create_secret, Name="bad name!", SecretString="x")
c.delete_secret(SecretId="app/cert", RecoveryWindowInDays=7)
step("put-deleted", c.put_secret_value, SecretId="app/cert", SecretString="x")
