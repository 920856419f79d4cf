# Shared by tests/net/*.sh and tests/bench/net.sh: a test CA, a server
# certificate for 127.0.0.1 signed by it, and a second CA that signed
# nothing (openssl command line only).

# make_certs DIR: DIR/ca.pem, DIR/server.pem, DIR/server.key,
# DIR/other-ca.pem.
make_certs() {
	d=$1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		-nodes -keyout "$d/ca.key" -out "$d/ca.pem" -days 2 \
		-subj "/CN=casebook test CA" 2>/dev/null || return 1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		-nodes -keyout "$d/other-ca.key" -out "$d/other-ca.pem" -days 2 \
		-subj "/CN=casebook other CA" 2>/dev/null || return 1
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$d/server.key" -out "$d/server.csr" \
		-subj "/CN=127.0.0.1" 2>/dev/null || return 1
	printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' \
		>"$d/ext.cnf"
	openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" \
		-CAkey "$d/ca.key" -CAcreateserial -out "$d/server.pem" \
		-days 2 -extfile "$d/ext.cnf" 2>/dev/null
}

# free_port: a TCP port of 127.0.0.1 nothing listens on (just now).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_port FILE: waits (up to 10 s) for the server to write its port.
wait_port() {
	i=0
	while [ ! -s "$1" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.1
	done
}

# start_fake DIR: the test CA and certificates in DIR (make_certs), then
# tests/net/fake-server.py on them (token glpat-test-token), its port in
# DIR/port; sets SERVER (the pid, for the caller's trap) and BASE
# (https://127.0.0.1:PORT).  The proxy variables are unset, so that
# libcurl talks to 127.0.0.1 itself.  Returns 1 when it did not start.
start_fake() {
	make_certs "$1" || return 1
	unset https_proxy HTTPS_PROXY all_proxy ALL_PROXY
	python3 "$TOP_SRCDIR/tests/net/fake-server.py" "$1/port" \
		"$1/server.pem" "$1/server.key" glpat-test-token \
		2>"$1/server.err" &
	SERVER=$!
	wait_port "$1/port" || return 1
	BASE=https://127.0.0.1:$(cat "$1/port")
}
