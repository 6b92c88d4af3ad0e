#!/usr/bin/env bash
# Creates bench/.env, a virtualenv holding WeasyPrint for bench/pdf.py's comparison.
# WeasyPrint is a benchmark reference only: it never enters the project's own environment.
set -euo pipefail
cd "$(dirname "$0")"

if ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
    else
        echo "WeasyPrint needs Pango: sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0" >&2
        exit 1
    fi
fi

python3 -m venv .env
.env/bin/python -m pip install --quiet --upgrade pip
.env/bin/python -m pip install --quiet weasyprint
.env/bin/python -c "import weasyprint; print('WeasyPrint', weasyprint.__version__, 'ready in bench/.env')"

# The official MJML compiler (node package `mjml`), for bench/newsletter.py's comparison
# with mjml-python. Installed into bench/node_modules only, never into the project.
if command -v npm >/dev/null 2>&1; then
    npm install --prefix . --no-save --no-audit --no-fund --loglevel=error mjml@4
    node -p "'mjml ' + require('./node_modules/mjml/package.json').version + ' ready in bench/node_modules'"
else
    echo "npm not found: bench/newsletter.py will leave out the official MJML compiler" >&2
fi
