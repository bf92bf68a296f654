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
        C(token) and C(region),
        4. the CAM role of the CVM the task runs on, from the instance metadata service, only when
        O(cam_role_name) is set.
      - The task fails, naming every source it tried, when none has a key pair.
      - With O(role_arn), the credentials found are then used to assume that role with STS, and the
        role's temporary credentials make the calls.
    type: str
  secret_key:
    description:
      - The SecretKey that goes with O(secret_id). Never logged nor returned.
    type: str
  security_token:
    description:
      - The token of temporary credentials (STS, CAM role), sent as the C(X-TC-Token) header.
      - Never logged nor returned.
      - Only together with O(secret_id) and O(secret_key); a token set without them is an error.
    type: str
    aliases: [token]
  region:
    description:
      - The region of the resources, for example C(ap-guangzhou).
      - When not set, E(TENCENTCLOUD_REGION) is used, then C(region) in the profile section.
      - Lowercase letters and digits joined by dashes. Only this form is checked before a request; a
        well-formed region the service does not know is refused by the service (C(UnsupportedRegion)).
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
      - When not set, E(TENCENTCLOUD_ENDPOINT) is used, then the domain that serves the region, that is
        C(postgres.<region>.tencentcloudapi.com) for a finance-zone region (C(ap-shanghai-fsi),
        C(ap-shenzhen-fsi)), which the default domain does not serve, and C(postgres.tencentcloudapi.com)
        otherwise. An explicit value always wins.
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
      - A path that does not exist is an error; with O(validate_certs=false) the bundle is not used, and a warning
        says so.
      - The bundle (or O(validate_certs=false)) wins over the E(REQUESTS_CA_BUNDLE) and E(CURL_CA_BUNDLE) environment
        variables; without either, those variables choose the CA certificates, else the system's do.
      - Proxies are taken from the E(HTTPS_PROXY) and E(NO_PROXY) environment variables.
    type: path
  timeout:
    description:
      - Seconds to wait for the answer to one API request, at most 3600.
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
  cam_role_name:
    description:
      - The CAM role bound to the CVM that runs the task, whose temporary credentials are read from the
        instance metadata service when no earlier source of the chain has credentials.
        V(auto) asks the metadata service for the role's name.
      - When not set, E(TENCENTCLOUD_CAM_ROLE_NAME) is used. Without either, the metadata service is
        never asked.
      - The metadata service is E(TENCENTCLOUD_METADATA_ENDPOINT) when set, otherwise
        C(http://metadata.tencentyun.com); it must answer within 2 seconds.
    type: str
  role_arn:
    description:
      - The role to assume with STS C(AssumeRole), for example
        C(qcs::cam::uin/100000000001:roleName/ansible-automation).
      - When not set, E(TENCENTCLOUD_ROLE_ARN) is used.
    type: str
  role_session_name:
    description:
      - The session name of the assumed role, 2 to 128 characters.
      - When not set, E(TENCENTCLOUD_ROLE_SESSION_NAME) is used, then V(ansible-tencentcloud-postgresql).
    type: str
    default: ansible-tencentcloud-postgresql
  role_duration:
    description:
      - How many seconds the assumed role's credentials last, at most 43200.
      - When not set, E(TENCENTCLOUD_ROLE_DURATION) is used, then V(7200).
    type: int
    default: 7200
  sts_endpoint:
    description:
      - Where to send the STS C(AssumeRole) request, in the same forms as O(endpoint).
      - When not set, E(TENCENTCLOUD_STS_ENDPOINT) is used, then C(sts.<region>.tencentcloudapi.com) for a
        finance-zone region and C(sts.tencentcloudapi.com) otherwise. An explicit value always wins.
    type: str
requirements:
  - python >= 3.8
  - requests >= 2.25
notes:
  - The credentials, the region and the endpoint can be set once for all modules of this collection
    with C(module_defaults) and the action group C(group/tencentcloud.postgresql.all).
  - With O(role_arn), the credentials the chain found need the CAM action C(sts:AssumeRole) on that role
    (and the role's trust policy must name them); the role needs the module's own CAM actions. The
    task's C(resource_actions) then lists C(sts:AssumeRole) too.
"""

    # The same connection options for the inventory plugin, which runs on the controller (or in AWX's
    # execution environment): each option also reads the environment variable the modules' chain reads.
    INVENTORY = r"""
options:
  secret_id:
    description:
      - The SecretId of the Tencent Cloud API key.
      - Credentials come from the first source that has a key pair, in the order the modules use
        (on the host that runs C(ansible-inventory)),
        1. O(secret_id) and O(secret_key) (with O(security_token)) set in the inventory file,
        2. the E(TENCENTCLOUD_SECRET_ID) and E(TENCENTCLOUD_SECRET_KEY) environment variables
        (with E(TENCENTCLOUD_SECURITY_TOKEN) or E(TENCENTCLOUD_TOKEN)),
        3. the O(profile) section of the INI file named by E(TENCENTCLOUD_CREDENTIALS_FILE),
        by default C(~/.tencentcloud/credentials), with keys C(secret_id), C(secret_key),
        C(token) and C(region) (what the collection's AWX credential type injects),
        4. the CAM role of the CVM, from the instance metadata service (E(TENCENTCLOUD_METADATA_ENDPOINT)),
        only when O(cam_role_name) is set.
      - With O(role_arn), the credentials found then assume that role with STS.
    type: str
    env:
      - name: TENCENTCLOUD_SECRET_ID
  secret_key:
    description:
      - The SecretKey that goes with O(secret_id). Never shown in the inventory, its cache or an error.
    type: str
    env:
      - name: TENCENTCLOUD_SECRET_KEY
  security_token:
    description:
      - The token of temporary credentials (STS, CAM role). Never shown in the inventory, its cache or an error.
      - Only together with O(secret_id) and O(secret_key).
    type: str
    aliases: [token]
    env:
      - name: TENCENTCLOUD_TOKEN
      - name: TENCENTCLOUD_SECURITY_TOKEN
  region:
    description:
      - The region the credential chain resolves, used when O(regions) is not set.
      - When not set, E(TENCENTCLOUD_REGION) is used, then C(region) in the profile section.
    type: str
    env:
      - name: TENCENTCLOUD_REGION
  profile:
    description:
      - The section of the credentials file to read.
      - When not set, E(TENCENTCLOUD_PROFILE) is used, then C(default).
    type: str
    env:
      - name: TENCENTCLOUD_PROFILE
  endpoint:
    description:
      - Where to send API requests. A host (C(postgres.ap-guangzhou.tencentcloudapi.com),
        C(postgres.intl.tencentcloudapi.com)), a C(host:port), or a full URL.
      - A host or C(host:port) is reached over HTTPS. C(http://) is meant for a local emulator
        and draws a warning when the host is not a loopback address.
      - When not set, E(TENCENTCLOUD_ENDPOINT) is used, then the domain that serves the region, that is
        C(postgres.<region>.tencentcloudapi.com) for a finance-zone region (C(ap-shanghai-fsi),
        C(ap-shenzhen-fsi)), which the default domain does not serve, and C(postgres.tencentcloudapi.com)
        otherwise. An explicit value always wins.
    type: str
    env:
      - name: TENCENTCLOUD_ENDPOINT
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the endpoint. Setting it to V(false) draws a warning.
    type: bool
    default: true
    env:
      - name: TENCENTCLOUD_VALIDATE_CERTS
  ca_bundle:
    description:
      - A PEM file of CA certificates to verify the endpoint with, instead of the system's.
      - A path that does not exist is an error before any request.
      - Proxies are taken from the E(HTTPS_PROXY) and E(NO_PROXY) environment variables.
    type: path
    env:
      - name: TENCENTCLOUD_CA_BUNDLE
  timeout:
    description:
      - Seconds to wait for the answer to one API request, at most 3600.
    type: int
    default: 30
  api_retries:
    description:
      - How many times one API request is attempted when the service throttles it or the connection fails.
        Attempts back off exponentially with jitter, from 1 s up to 20 s apart.
    type: int
    default: 8
  cam_role_name:
    description:
      - The CAM role bound to the CVM that runs C(ansible-inventory), whose temporary credentials are read from
        the instance metadata service when no earlier source of the chain has credentials.
        V(auto) asks the metadata service for the role's name.
    type: str
    env:
      - name: TENCENTCLOUD_CAM_ROLE_NAME
  role_arn:
    description:
      - The role to assume with STS C(AssumeRole), for example
        C(qcs::cam::uin/100000000001:roleName/ansible-automation).
    type: str
    env:
      - name: TENCENTCLOUD_ROLE_ARN
  role_session_name:
    description:
      - The session name of the assumed role, 2 to 128 characters.
    type: str
    default: ansible-tencentcloud-postgresql
    env:
      - name: TENCENTCLOUD_ROLE_SESSION_NAME
  role_duration:
    description:
      - How many seconds the assumed role's credentials last, at most 43200.
    type: int
    default: 7200
    env:
      - name: TENCENTCLOUD_ROLE_DURATION
  sts_endpoint:
    description:
      - Where to send the STS C(AssumeRole) request, in the same forms as O(endpoint).
      - When not set, E(TENCENTCLOUD_STS_ENDPOINT) is used, then C(sts.<region>.tencentcloudapi.com) for a
        finance-zone region and C(sts.tencentcloudapi.com) otherwise. An explicit value always wins.
    type: str
    env:
      - name: TENCENTCLOUD_STS_ENDPOINT
requirements:
  - python >= 3.8
  - requests >= 2.25
"""
