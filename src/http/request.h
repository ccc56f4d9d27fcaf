/*
 * request.h: one HTTP request and its response, as handlers see them.
 *
 * The server (server.c) fills a struct request from libmicrohttpd, so that
 * handlers never depend on how the request arrived; a handler fills the
 * struct response. Everything a handler allocates for the response is owned
 * by the response and freed by the server after sending.
 */
#ifndef SROI_HTTP_REQUEST_H
#define SROI_HTTP_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/date.h"

struct store;

#define REQUEST_MAX_QUERY 32
#define REQUEST_MAX_PARAMS 4

/* How the caller proved who it is (src/http/auth.c). */
enum caller_auth {
	CALLER_ANONYMOUS = 0,
	CALLER_SESSION,  /* the session cookie of a browser */
	CALLER_TOKEN,    /* Authorization: Bearer <API token> */
};

/* Who is asking, resolved from the session cookie or the API token. A
 * system account of the operator acts for all organisations (org_id 0). */
struct caller {
	int64_t user_id;
	int64_t org_id;  /* 0: all organisations (system account) */
	char org_code[32];
	char role[16];   /* "" when anonymous */
	int64_t supplier_id; /* supplier accounts: the supplier they act for */
	char actor[96];  /* for the audit log: "user:12", "token:3", "cli" */
	enum caller_auth auth;
	int64_t credential_id; /* the session's or the token's id */
	bool touch;      /* last use to be recorded after the request */
	const char *auth_failure; /* why presented credentials were refused */
};

struct query_arg {
	const char *name;
	const char *value;
};

struct request {
	const char *method;
	const char *path;
	struct query_arg query[REQUEST_MAX_QUERY];
	int query_count;
	const char *params[REQUEST_MAX_PARAMS]; /* {x} segments of the route */
	int param_count;
	const char *body;
	size_t body_len;
	const char *content_type;
	struct store *store;
	struct caller caller;
	char request_id[20];
	const char *db_url;
	bool demo_logins; /* see struct server_config */
	/* Credentials and where the request came from (auth.c reads them). */
	const char *session_cookie; /* value of the sroi_session cookie */
	const char *authorization;  /* the Authorization header */
	const char *csrf_header;    /* the X-CSRF-Token header */
	char client_addr[64];       /* the peer (or X-Forwarded-For's last) */
};

struct response {
	int status;
	json_t *json;             /* JSON body, owned */
	char *body;               /* or a raw body, owned unless body_static */
	size_t body_len;
	bool body_static;
	const char *content_type; /* static string */
	char *content_disposition; /* owned, may be NULL */
	char *set_cookie;          /* owned, may be NULL: a Set-Cookie header */
	int retry_after;           /* seconds, 0: no Retry-After header */
	/* The handler's writes stand although the answer is an error (the
	 * counters of failed logins). */
	bool commit_on_error;
	/* For routes with ROUTE_CACHE: "hit" or "miss" (the X-Cache header). */
	const char *cache_state;
};

/* Query argument by name, or NULL. */
const char *request_query(const struct request *req, const char *name);

/* Sets res to the JSON body (taking ownership) with the status. */
void response_json(struct response *res, int status, json_t *body);
/* Sets res to {"error":{"code","message","field"}} from err. */
void response_error(struct response *res, const struct sr_error *err);
/* Convenience: an error built in place. */
void response_fail(struct response *res, int status, const char *code,
		   const char *field, const char *message);

#endif
