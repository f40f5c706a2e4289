#!/usr/bin/env bash
# Installs the system packages Loopdesk needs that npm cannot bring, only when they are missing:
#   java      Java 17+ for DynamoDB Local (npm start and the tests)
#   chromium  Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium)
# Usage: ensure-system-packages.sh java chromium
set -euo pipefail

missing=()
for need in "$@"; do
  case "$need" in
    java)
      if ! command -v java >/dev/null 2>&1 || ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then
        missing+=(openjdk-17-jre-headless)
      fi ;;
    chromium)
      [ -x /usr/bin/chromium ] || missing+=(chromium fonts-noto-cjk) ;;
    *) echo "ensure-system-packages: unknown need '$need'" >&2; exit 2 ;;
  esac
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "Please install as root: apt-get install -y ${missing[*]}" >&2; exit 1
  fi
else SUDO=""; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}"
