#!/usr/bin/env bash
# Print the offline Terraform provider mirror: $TF_PLUGIN_MIRROR if set, else the first directory on this machine
# holding registry.terraform.io/hashicorp/aws/<version>/<platform>. Working directories' .terraform/providers
# caches look the same but are links into some other mirror, so they are skipped. Prints nothing if none.
set -uo pipefail
if [ -n "${TF_PLUGIN_MIRROR:-}" ]; then
  echo "$TF_PLUGIN_MIRROR"
  exit 0
fi
aws_dir=$(find / -maxdepth 7 -type d -path '*registry.terraform.io/hashicorp/aws' \
  -not -path '/proc/*' -not -path '*/.terraform/*' -not -path '*/node_modules/*' 2>/dev/null | sort | head -n 1)
if [ -n "$aws_dir" ]; then
  echo "${aws_dir%/registry.terraform.io/hashicorp/aws}"
fi
