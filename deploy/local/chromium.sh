# Chromium and ChromeDriver from Debian's packages, for the explorer's and the dashboard's browser tests: installed when
# missing (as root), nothing downloaded by the test itself. Sourced by ./archlab.

archlab_require_chromium() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then return 0; fi
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "archlab: installing Chromium for the browser tests (Debian packages chromium, chromium-driver)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "archlab: chromium and chromedriver not found; the explorer's and the dashboard's browser tests will fail." >&2
    echo "  As root, ./archlab test installs Debian's chromium and chromium-driver; otherwise: sudo apt-get install chromium chromium-driver" >&2
  fi
}
