# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment:
    # The connection options of every module, in step with connection_argument_spec() in _base.py.
    DOCUMENTATION = r"""
options:
  secret_id:
    description:
      - The SecretId of the Tencent Cloud API key.
      - Credentials come from the first source that has a key pair, in this order
        (on the host that runs the task)
        1. O(secret_id) and O(secret_key) (with O(security_token)),
        2. the E(TENCENTCLOUD_SECRET_ID) and E(TENCENTCLOUD_SECRET_KEY) environment variables
        (with E(TENCENTCLOUD_SECURITY_TOKEN) or E(TENCENTCLOUD_TOKEN)),
        3. the O(profile) section of the INI file named by E(TENCENTCLOUD_CREDENTIALS_FILE),
        by default C(~/.tencentcloud/credentials), with keys C(secret_id), C(secret_key),
        C(token) and C(region).
      - The task fails, naming every source it tried, when none has a key pair.
    type: str
  secret_key:
    description:
      - The SecretKey that goes with O(secret_id). Never logged nor returned.
    type: str
  security_token:
    description:
      - The token of temporary credentials (STS, CAM role), sent as the C(X-TC-Token) header.
      - Never logged nor returned.
    type: str
    aliases: [token]
  region:
    description:
      - The region of the resources, for example C(ap-guangzhou).
      - When not set, E(TENCENTCLOUD_REGION) is used, then C(region) in the profile section.
    type: str
  profile:
    description:
      - The section of the credentials file to read.
      - When not set, E(TENCENTCLOUD_PROFILE) is used, then C(default).
    type: str
  endpoint:
    description:
      - Where to send API requests. A host (C(postgres.ap-guangzhou.tencentcloudapi.com),
        C(postgres.intl.tencentcloudapi.com)), a C(host:port), or a full URL.
      - A host or C(host:port) is reached over HTTPS. C(http://) is meant for a local emulator
        and draws a warning when the host is not a loopback address.
      - When not set, E(TENCENTCLOUD_ENDPOINT) is used, then C(postgres.tencentcloudapi.com).
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the endpoint. Setting it to V(false) draws a warning.
      - When not set, E(TENCENTCLOUD_VALIDATE_CERTS) is used, then V(true).
    type: bool
    default: true
  ca_bundle:
    description:
      - A PEM file of CA certificates to verify the endpoint with, instead of the system's.
      - When not set, E(TENCENTCLOUD_CA_BUNDLE) is used.
      - Proxies are taken from the E(HTTPS_PROXY) and E(NO_PROXY) environment variables.
    type: path
  timeout:
    description:
      - Seconds to wait for the answer to one API request.
    type: int
    default: 30
  api_retries:
    description:
      - How many times one API request is attempted when the service throttles it or, for reads only,
        when the connection fails. Attempts back off exponentially with jitter, from 1 s up to 20 s apart,
        and never past the task's O(ignore:wait_timeout).
      - A write whose outcome is unknown is never sent again blindly; the module reads the state back instead.
    type: int
    default: 8
requirements:
  - python >= 3.8
  - requests >= 2.25
notes:
  - The credentials, the region and the endpoint can be set once for all modules of this collection
    with C(module_defaults) and the action group C(group/tencentcloud.postgresql.all).
"""
