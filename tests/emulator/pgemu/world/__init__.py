"""The emulated cloud: accounts, regions, VPCs, instances, RO groups and tasks."""
