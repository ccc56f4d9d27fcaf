/*
 * server.h: the HTTP server (libmicrohttpd: a thread pool over epoll).
 * Serves the JSON API under /api/v1/ through the route table, and the web
 * UI's embedded files under /.
 */
#ifndef SROI_HTTP_SERVER_H
#define SROI_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SERVER_MAX_BODY (1024 * 1024)
#define SERVER_MAX_UPLOAD (10 * 1024 * 1024) /* evidence files */
#define SERVER_MAX_IMPORT (256 * 1024 * 1024) /* import files */
#define SERVER_MAX_CONNECTIONS 512
#define SERVER_MAX_CONNECTIONS_PER_ADDRESS 128 /* unless behind a proxy */

struct server_config {
	const char *db_url;
	const char *host; /* "127.0.0.1" */
	uint16_t port;
	int threads;
	bool quiet;
	/* TLS (GnuTLS through libmicrohttpd): PEM texts, both or neither. */
	const char *tls_cert_pem;
	const char *tls_key_pem;
	/* Run on the main thread at start and then every hour while serving
	 * (the retention rule); may be NULL. */
	void (*hourly)(const struct server_config *config);
	/* The demo accounts are active and the server is on loopback: the
	 * health answer says so, for the login page. */
	bool demo_logins;
	/* Bytes of answers to reads kept in memory (response_cache.h); 0:
	 * none. */
	size_t cache_bytes;
};

/* True for 127.0.0.0/8 (the server is reachable from this machine only). */
bool server_host_is_loopback(const char *host);

/* Runs until SIGINT or SIGTERM, then finishes in-flight requests and
 * returns. Returns false (with a message on stderr) when it cannot start. */
bool server_run(const struct server_config *config);

/* Parses "HOST:PORT" (IPv4). */
bool server_parse_listen(const char *text, char *host, size_t host_len,
			 uint16_t *port);

#endif
