#!/usr/bin/python
# -*- coding: utf-8 -*-
# A throwaway module for bench/peers.py, NOT part of the collection: the converge of tcpg_extranet
# (read, open when closed, wait until opened) written the plain way on the official Python SDK
# (tencentcloud-sdk-python-postgres), to compare a module on our client with one on the SDK.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: sdk_extranet
short_description: Open the public address of an instance with the official SDK (benchmark only)
description:
  - Reads the instance, opens its public address when it is not open, and polls the instance every
    O(poll_interval) seconds until the address is opened. Credentials and region come from the
    TENCENTCLOUD_* environment variables, as for tccli.
options:
  db_instance_id: {type: str, required: true, description: The instance.}
  endpoint: {type: str, description: "host:port or http(s)://host:port; default from TENCENTCLOUD_ENDPOINT"}
  poll_interval: {type: float, default: 1.0, description: Seconds between two reads while waiting.}
  wait_timeout: {type: int, default: 600, description: Seconds to wait at most.}
author: [bench]
"""

import json
import os
import time

from ansible.module_utils.basic import AnsibleModule

try:
    from tencentcloud.common import credential
    from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile
    from tencentcloud.postgres.v20170312 import models, postgres_client

    HAS_SDK = True
except ImportError:
    HAS_SDK = False


def public_status(client, instance_id):
    request = models.DescribeDBInstanceAttributeRequest()
    request.from_json_string(json.dumps({"DBInstanceId": instance_id}))
    instance = json.loads(client.DescribeDBInstanceAttribute(request).to_json_string())["DBInstance"]
    entries = [e for e in instance.get("DBInstanceNetInfo") or [] if e.get("NetType") == "public"]
    return entries[0]["Status"] if entries else "closed"


def main():
    module = AnsibleModule(
        argument_spec=dict(
            db_instance_id=dict(type="str", required=True),
            endpoint=dict(type="str"),
            poll_interval=dict(type="float", default=1.0),
            wait_timeout=dict(type="int", default=600),
        )
    )
    if not HAS_SDK:
        module.fail_json(msg="the tencentcloud-sdk-python-postgres package is needed")
    endpoint = module.params["endpoint"] or os.environ.get("TENCENTCLOUD_ENDPOINT", "postgres.tencentcloudapi.com")
    protocol = "http" if endpoint.startswith("http://") else "https"
    host = endpoint.split("://", 1)[-1].rstrip("/")
    profile = ClientProfile(httpProfile=HttpProfile(protocol=protocol, endpoint=host))
    cred = credential.Credential(os.environ["TENCENTCLOUD_SECRET_ID"], os.environ["TENCENTCLOUD_SECRET_KEY"])
    client = postgres_client.PostgresClient(cred, os.environ.get("TENCENTCLOUD_REGION", "ap-guangzhou"), profile)
    instance_id = module.params["db_instance_id"]
    try:
        status = public_status(client, instance_id)
        if status == "opened":
            module.exit_json(changed=False, status=status)
        if status != "opening":
            request = models.OpenDBExtranetAccessRequest()
            request.from_json_string(json.dumps({"DBInstanceId": instance_id, "IsIpv6": 0}))
            client.OpenDBExtranetAccess(request)
        deadline = time.time() + module.params["wait_timeout"]
        while status != "opened":
            if time.time() > deadline:
                module.fail_json(msg="timed out; public address is %s" % status)
            time.sleep(module.params["poll_interval"])
            status = public_status(client, instance_id)
    except TencentCloudSDKException as exc:
        module.fail_json(msg=str(exc))
    module.exit_json(changed=True, status=status)


if __name__ == "__main__":
    main()
