"""DescribeDBInstanceSSLConfig / ModifyDBInstanceSSLConfig: TLS for the one address an instance protects.

Modify is asynchronous like the network writes: it answers a TaskId at once,
the instance shows `job running` while the task runs, and the new
configuration takes effect when the task succeeds (DescribeTasks serves it).
The certificates are real (pgemu.sslcerts): CACert is the emulator's CA, and
the server certificate for ConnectAddress is signed by it.
"""

from __future__ import annotations

from ... import sslcerts
from ...errors import ApiError, missing
from ...world import access, flows
from . import common

BAD_VALUE = "InvalidParameterValue.InvalidParameterValueError"
# CACert, CAJKS and CAP7B are documented as "cloud-disk edition only" (仅云盘版).
LOCAL_DISK = "PHYSICAL_LOCAL_SSD"


def describe(call, params: dict) -> dict:
    inst = common.find_instance(call, params["DBInstanceId"])
    answer = {"SSLEnabled": inst.ssl.enabled, "CAUrl": "", "ConnectAddress": "", "CACert": "", "CAJKS": "", "CAP7B": ""}
    if inst.ssl.enabled:
        answer.update(CAUrl=call.base_url + sslcerts.CA_PATH, ConnectAddress=inst.ssl.connect_address)
        if inst.fields.get("DBInstanceStorageType") != LOCAL_DISK:
            answer.update(CACert=sslcerts.ca_pem(), CAJKS=sslcerts.ca_jks(), CAP7B=sslcerts.ca_p7b())
    return answer


def modify(call, params: dict) -> dict:
    inst = common.find_instance(call, params["DBInstanceId"])
    common.writable_instance(call, inst, gone_code=common.BUSY_INSTANCE)
    enabled = params["SSLEnabled"]
    address = params.get("ConnectAddress", "") if enabled else ""  # ignored when switching SSL off
    if enabled:
        if not address:
            raise missing("ConnectAddress")
        known = access.connect_addresses(call.world, inst)
        if address not in known:
            raise ApiError(
                BAD_VALUE,
                f"ConnectAddress {address} is not an address of {inst.instance_id}; "
                f"it has {', '.join(known) or 'none'}.",
            )
    task_input = {"DBInstanceId": inst.instance_id, "SSLEnabled": enabled, "ConnectAddress": address}
    if (inst.ssl.enabled, inst.ssl.connect_address) == (enabled, address):
        if call.config.ssl_unchanged == "error":
            state = f"enabled for {address}" if enabled else "disabled"
            raise ApiError(BAD_VALUE, f"SSL of {inst.instance_id} is already {state}.")
        task = flows.start_noop(
            call.world,
            now=call.now,
            task_type=call.action,
            resource=inst,
            entry=None,
            db_instance_id=inst.instance_id,
            task_input=task_input,
        )
        task.output = flows.ssl_output(inst)
        return {"TaskId": task.task_id}
    if enabled:
        sslcerts.server_certificate(address)  # issued on acceptance: a failure to make it fails the call
    task = flows.start(
        call.world,
        now=call.now,
        flow_seconds=call.config.flow_seconds,
        status_lag=call.config.status_lag,
        task_type=call.action,
        resource=inst,
        kind="ssl",
        entry=None,
        db_instance_id=inst.instance_id,
        task_input=task_input,
        fail=call.fault_is("task_fail"),
        change={"enabled": enabled, "connect_address": address},
    )
    return {"TaskId": task.task_id}
