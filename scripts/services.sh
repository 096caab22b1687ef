#!/usr/bin/env bash
# Make sure the PostgreSQL server the tests use answers on 127.0.0.1:5432; install and
# start it when it is missing. Prints the SQLAlchemy URL to use on its last line.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

url=${TILLSYNC_TEST_PG:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres}
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if ! command -v pg_isready >/dev/null 2>&1; then
    echo "services: installing PostgreSQL" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql
fi
if ! pg_up; then
    echo "services: starting PostgreSQL" >&2
    for v in /etc/postgresql/*; do
        $SUDO pg_ctlcluster --skip-systemctl-redirect "$(basename "$v")" main start || true
    done
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
if ! pg_up; then
    echo "services: PostgreSQL does not answer on 127.0.0.1:5432" >&2
    exit 2
fi
# MariaDB (the ODBC tests read an "ERP" database from it): root without a password on TCP.
maria_up() { mysql -h 127.0.0.1 -P 3306 -u root -e "select 1" >/dev/null 2>&1; }
if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
    echo "services: installing MariaDB" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends mariadb-server mariadb-client
fi
if ! maria_up; then
    echo "services: starting MariaDB" >&2
    $SUDO mkdir -p /run/mysqld && $SUDO chown mysql:mysql /run/mysqld 2>/dev/null || true
    $SUDO start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql || true
    for _ in $(seq 1 30); do maria_up && break; sleep 1; done
    # A fresh install lets root in over the socket only: open TCP for root without a password.
    if ! maria_up; then
        $SUDO mysql -u root -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD(''); FLUSH PRIVILEGES;" 2>/dev/null || true
    fi
fi
maria_up || echo "services: MariaDB does not answer on 127.0.0.1:3306 (ODBC tests will fail in CI)" >&2
$SUDO mysql -h 127.0.0.1 -u root -e "CREATE DATABASE IF NOT EXISTS test" >/dev/null 2>&1 || true
# RabbitMQ (the ERP feed's amqp sink and its tests): guest/guest on 127.0.0.1:5672.
rabbit_up() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }
if ! rabbit_up; then
    if [ ! -x /usr/sbin/rabbitmq-server ]; then
        echo "services: installing RabbitMQ" >&2
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends rabbitmq-server
    fi
    echo "services: starting RabbitMQ" >&2
    $SUDO start-stop-daemon --start --oknodo --background --chuid rabbitmq \
        --exec /usr/sbin/rabbitmq-server || true
    for _ in $(seq 1 60); do rabbit_up && break; sleep 1; done
fi
rabbit_up || echo "services: RabbitMQ does not answer on 127.0.0.1:5672 (amqp feed tests will fail in CI)" >&2
# sshd needs its privilege-separation folder for the SFTP tests.
$SUDO mkdir -p /run/sshd
# HAProxy: the gateway nodes test runs it in the foreground with its own config (never
# the system service).
if ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then
    echo "services: installing HAProxy" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends haproxy
fi

# A fresh Debian install asks for a password over TCP: give the postgres role a known one.
if ! psql "postgresql://postgres@127.0.0.1:5432/postgres" -Atqc "select 1" >/dev/null 2>&1 \
   && [ -z "${TILLSYNC_TEST_PG:-}" ]; then
    $SUDO -u postgres psql -qc "ALTER USER postgres PASSWORD 'postgres'" >/dev/null 2>&1 \
        || su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
    url=postgresql+psycopg://postgres:postgres@127.0.0.1:5432/postgres
fi
echo "$url"
