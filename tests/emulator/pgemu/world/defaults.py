"""Default field values for resources a world file describes only partly.

A world names what matters to a test (IDs, status, networks); every other
documented field gets a plausible value here, so each response carries the
full documented shape.
"""

from __future__ import annotations

from ..clock import ZERO_TIME

DOCUMENTED_REGIONS = [
    "ap-bangkok",
    "ap-beijing",
    "ap-chengdu",
    "ap-chongqing",
    "ap-guangzhou",
    "ap-hongkong",
    "ap-jakarta",
    "ap-nanjing",
    "ap-seoul",
    "ap-shanghai",
    "ap-shanghai-fsi",
    "ap-shenzhen-fsi",
    "ap-singapore",
    "ap-tokyo",
    "eu-frankfurt",
    "na-ashburn",
    "na-siliconvalley",
    "sa-saopaulo",
]
CREATED = "2024-01-15 10:00:00"


def instance_fields(instance_id: str, region: str, zone: str) -> dict:
    return {
        "Zone": zone,
        "DBInstanceName": instance_id,
        "DBInstanceMemory": 4,
        "DBInstanceStorage": 100,
        "DBInstanceCpu": 2,
        "DBInstanceClass": "cdb.pg.z1.4g",
        "DBMajorVersion": "15",
        "DBVersion": "15.4",
        "DBKernelVersion": "v15.4_r1.2",
        "DBInstanceType": "primary",
        "DBInstanceVersion": "standard",
        "DBCharset": "UTF8",
        "CreateTime": CREATED,
        "UpdateTime": CREATED,
        "ExpireTime": ZERO_TIME,
        "IsolatedTime": ZERO_TIME,
        "PayType": "postpaid",
        "AutoRenew": 0,
        "Type": "TS85",
        "AppId": 1250000000,
        "Uid": 100000000001,
        "ProjectId": 0,
        "TagList": [],
        "MasterDBInstanceId": "",
        "ReadOnlyInstanceNum": 0,
        "StatusInReadonlyGroup": "",
        "OfflineTime": ZERO_TIME,
        "DBNodeSet": [
            {"Role": "Primary", "Zone": zone, "DedicatedClusterId": ""},
            {"Role": "Standby", "Zone": zone, "DedicatedClusterId": ""},
        ],
        "IsSupportTDE": 0,
        "DBEngine": "postgresql",
        "DBEngineConfig": "",
        "SupportIpv6": 0,
        "ExpandedCpu": 0,
        "DeletionProtection": False,
        "DBInstanceStorageType": "CLOUD_HSSD",
    }


def readonly_fields(master_id: str) -> dict:
    return {
        "DBInstanceType": "readonly",
        "MasterDBInstanceId": master_id,
        "StatusInReadonlyGroup": "running",
        "DBNodeSet": None,
    }


def group_fields(group_id: str, zone: str) -> dict:
    return {
        "ReadOnlyGroupName": group_id,
        "ProjectId": 0,
        "MinDelayEliminateReserve": 1,
        "MaxReplayLatency": 512,
        "ReplayLatencyEliminate": 1,
        "MaxReplayLag": 10.0,
        "ReplayLagEliminate": 1,
        "Zone": zone,
        "Rebalance": 0,
    }
