/*
 * server.c: libmicrohttpd glue. Collects the request (headers, query, body up
 * to SERVER_MAX_BODY), finds the route, runs the handler inside one database
 * transaction (committed on success, rolled back on any error, so nothing is
 * written when a request fails) and sends the response with the security
 * headers. Each server thread keeps its own database connection.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/embedded.h"
#include "base/log.h"
#include "base/oom.h"
#include "http/auth.h"
#include "http/permissions.h"
#include "http/response_cache.h"
#include "http/routes.h"
#include "http/upload_spool.h"
#include "store/store.h"

struct pending {
	size_t limit; /* SERVER_MAX_BODY, or SERVER_MAX_UPLOAD for uploads */
	char *body;
	size_t len;
	bool too_large;
	/* Import files go to a temporary file instead of memory. */
	bool spooled;
	struct upload_spool spool;
};

static const struct server_config *config;
static pthread_key_t store_key;

static void close_thread_store(void *s)
{
	store_close(s);
}

/* This thread's connection, opened on first use. */
static struct store *thread_store(struct sr_error *err)
{
	struct store *s = pthread_getspecific(store_key);
	if (s)
		return s;
	if (!store_open(config->db_url, false, &s, err))
		return NULL;
	pthread_setspecific(store_key, s);
	return s;
}

static const char *security_csp =
	"default-src 'self'; script-src 'self'; style-src 'self'; "
	"img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

static void add_common_headers(struct MHD_Response *r, const char *request_id)
{
	MHD_add_response_header(r, "Content-Security-Policy", security_csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "X-Request-Id", request_id);
	if (config->tls_cert_pem)
		MHD_add_response_header(r, "Strict-Transport-Security",
					"max-age=31536000");
}

static enum MHD_Result send_response(struct MHD_Connection *conn,
				     struct response *res,
				     const char *request_id, bool api)
{
	struct MHD_Response *r;
	if (res->json) {
		char *text = json_dumps(res->json, JSON_COMPACT | JSON_REAL_PRECISION(15));
		/* jansson may write a damaged text when memory runs out. */
		if (text && oom_seen()) {
			free(text);
			text = NULL;
		}
		if (!text) {
			static char oom[] = "{\"error\":{\"code\":\"out_of_memory\","
					    "\"message\":\"out of memory\",\"field\":\"\"}}";
			r = MHD_create_response_from_buffer(strlen(oom), oom,
							    MHD_RESPMEM_PERSISTENT);
			res->status = 503;
		} else {
			r = MHD_create_response_from_buffer(strlen(text), text,
							    MHD_RESPMEM_MUST_FREE);
			if (!r)
				free(text); /* MHD took it only on success */
		}
		if (r)
			MHD_add_response_header(r, "Content-Type",
						"application/json; charset=utf-8");
	} else {
		r = MHD_create_response_from_buffer(
			res->body_len, res->body ? res->body : (char *)"",
			res->body_static || !res->body ? MHD_RESPMEM_PERSISTENT
						       : MHD_RESPMEM_MUST_FREE);
		if (r && !res->body_static)
			res->body = NULL; /* now owned by MHD */
		if (r && res->content_type)
			MHD_add_response_header(r, "Content-Type",
						res->content_type);
	}
	if (!r)
		return MHD_NO;
	add_common_headers(r, request_id);
	if (api)
		MHD_add_response_header(r, "Cache-Control", "no-store");
	if (res->cache_state)
		MHD_add_response_header(r, "X-Cache", res->cache_state);
	if (res->content_disposition)
		MHD_add_response_header(r, "Content-Disposition",
					res->content_disposition);
	if (res->set_cookie)
		MHD_add_response_header(r, "Set-Cookie", res->set_cookie);
	if (res->retry_after > 0) {
		char seconds[24];
		snprintf(seconds, sizeof seconds, "%d", res->retry_after);
		MHD_add_response_header(r, "Retry-After", seconds);
	}
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)res->status, r);
	MHD_destroy_response(r);
	return ret;
}

static void response_free(struct response *res)
{
	if (res->json)
		json_decref(res->json);
	if (res->body && !res->body_static)
		free(res->body);
	free(res->content_disposition);
	free(res->set_cookie);
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind,
				     const char *key, const char *value)
{
	(void)kind;
	struct request *req = cls;
	if (req->query_count < REQUEST_MAX_QUERY) {
		req->query[req->query_count].name = key;
		req->query[req->query_count].value = value ? value : "";
		req->query_count++;
	}
	return MHD_YES;
}

static const char *mime_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return "application/octet-stream";
	if (strcmp(dot, ".html") == 0)
		return "text/html; charset=utf-8";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (strcmp(dot, ".png") == 0)
		return "image/png";
	if (strcmp(dot, ".json") == 0)
		return "application/json";
	if (strcmp(dot, ".yaml") == 0)
		return "application/yaml";
	return "application/octet-stream";
}

/* The UI: embedded files under web/; unknown paths without a dot get the
 * single-page app's index.html. */
static void serve_static(const char *path, struct response *res)
{
	char name[256];
	if (strcmp(path, "/") == 0 || strstr(path, "..") ||
	    snprintf(name, sizeof name, "web%s", path) >= (int)sizeof name)
		snprintf(name, sizeof name, "web/index.html");
	const struct embedded_file *f = embedded_find(name);
	if (!f && !strchr(strrchr(path, '/'), '.')) {
		snprintf(name, sizeof name, "web/index.html");
		f = embedded_find(name);
	}
	if (!f) {
		res->status = 404;
		res->body = (char *)"not found\n";
		res->body_len = strlen(res->body);
		res->body_static = true;
		res->content_type = "text/plain; charset=utf-8";
		return;
	}
	res->status = 200;
	res->body = (char *)f->data;
	res->body_len = f->size;
	res->body_static = true;
	res->content_type = mime_type(name);
}

/* An answer that lost an allocation: nothing of it is sent. */
static void response_out_of_memory(struct response *res)
{
	if (res->json)
		json_decref(res->json);
	res->json = NULL;
	if (!res->body_static)
		free(res->body);
	res->body = NULL;
	res->body_len = 0;
	free(res->content_disposition);
	res->content_disposition = NULL;
	free(res->set_cookie);
	res->set_cookie = NULL;
	res->retry_after = 0;
	response_fail(res, 503, "out_of_memory", "", "out of memory");
}

/* Writes the JSON answer out as the body; false when memory runs out. */
static bool response_serialise(struct response *res)
{
	if (!res->json)
		return true;
	char *text = json_dumps(res->json, JSON_COMPACT | JSON_REAL_PRECISION(15));
	if (!text)
		return false;
	json_decref(res->json);
	res->json = NULL;
	res->body = text;
	res->body_len = strlen(text);
	res->body_static = false;
	res->content_type = "application/json; charset=utf-8";
	return true;
}

/* Everything besides the data that the answer of a ROUTE_CACHE route
 * depends on: who asks (and as what), what they ask, and today's date.
 * Each part carries its length, so that no two requests share a key.
 * False when the key would not fit (such a request is not cached). */
static bool cache_key(const struct request *req, char *key, size_t size)
{
	const struct caller *c = &req->caller;
	int n = snprintf(key, size, "%lld|%lld|%lld|%d|%lld|%zu:%s|%zu:%s|%zu:%s",
			 (long long)date_today(), (long long)c->user_id,
			 (long long)c->org_id, (int)c->auth,
			 (long long)c->supplier_id, strlen(c->role), c->role,
			 strlen(c->actor), c->actor, strlen(req->path),
			 req->path);
	for (int i = 0; i < req->query_count && n >= 0 && (size_t)n < size;
	     i++) {
		const struct query_arg *q = &req->query[i];
		n += snprintf(key + n, size - (size_t)n, "|%zu:%s=%zu:%s",
			      strlen(q->name), q->name, strlen(q->value),
			      q->value);
	}
	return n >= 0 && (size_t)n < size;
}

/* Keeps a whole, successful answer that names no file and sets no cookie. */
static void keep_answer(const char *key, int64_t generation,
			struct response *res)
{
	res->cache_state = "miss";
	if (res->status != 200 || !res->body || res->content_disposition ||
	    res->set_cookie || oom_seen())
		return;
	response_cache_put(key, generation, res->status, res->body,
			   res->body_len, res->content_type);
}

static void run_api(struct request *req, struct response *res)
{
	bool path_known = false;
	const struct route *route =
		route_find(req->method, req->path, req, &path_known);
	if (!route) {
		if (path_known)
			response_fail(res, 405, "method_not_allowed", "",
				      "this method is not allowed here");
		else
			response_fail(res, 404, "no_route", "",
				      "no such resource");
		return;
	}
	struct sr_error err = {0};
	req->store = thread_store(&err);
	if (!req->store) {
		response_error(res, &err);
		return;
	}
	bool ok = (route->flags & ROUTE_WRITE) ? store_begin(req->store, &err)
					       : store_begin_read(req->store, &err);
	if (!ok) {
		response_error(res, &err);
		return;
	}
	/* Who is asking is read in the request's own transaction; whether it
	 * may is decided in one place (permissions.c). */
	if (!auth_resolve(req, &err) ||
	    !permissions_authorise(req, route, &err)) {
		store_rollback(req->store);
		if (oom_seen())
			response_out_of_memory(res);
		else
			response_error(res, &err);
		return;
	}
	/* A read asked before, with no write since, is answered as then. */
	char key[2048];
	int64_t generation = -1;
	bool cacheable = (route->flags & ROUTE_CACHE) &&
			 response_cache_enabled() &&
			 cache_key(req, key, sizeof key);
	if (cacheable && !store_change_generation(req->store, &generation, &err)) {
		store_rollback(req->store);
		response_error(res, &err);
		return;
	}
	struct cached_answer kept;
	if (cacheable && response_cache_get(key, generation, &kept)) {
		store_rollback(req->store); /* it only read */
		res->status = kept.status;
		res->body = kept.body;
		res->body_len = kept.len;
		res->content_type = kept.content_type;
		res->cache_state = "hit";
		auth_touch(req);
		return;
	}
	res->status = 200;
	route->handler(req, res);
	/* A request that lost an allocation (oom.h) writes nothing, and a
	 * write commits only once its answer is written out, so that every
	 * committed write is answered. */
	bool commit = res->status < 400 || res->commit_on_error;
	if ((commit && !response_serialise(res)) || oom_seen()) {
		store_rollback(req->store);
		response_out_of_memory(res);
	} else if (commit) {
		/* Counters of refused attempts change no answer to a read. */
		if (res->status >= 400)
			store_mark_bookkeeping(req->store);
		if (!store_commit(req->store, &err)) {
			free(res->body);
			res->body = NULL;
			response_error(res, &err);
		} else if (cacheable && !store_transaction_wrote(req->store)) {
			keep_answer(key, generation, res);
		}
	} else {
		store_rollback(req->store);
	}
	auth_touch(req);
}

/* The conditions of the service that a client can act on (wait and try
 * again, tell the operator) keep their code, with a fixed message: the
 * store's own message may name hosts or files. */
static const char *operational_message(const char *code)
{
	static const char *const codes[][2] = {
		{"database_unavailable", "the database is not reachable; try again"},
		{"busy", "the database is busy; try again"},
		{"storage_full", "the database disk is full"},
		{"temporary_space_full",
		 "the server's temporary space ($TMPDIR) is full"},
		{"read_only", "the database is read-only"},
		{"out_of_memory", "the server is out of memory; try again"},
		{"out_of_resources", "the database is out of resources; try again"},
		{"transaction_lost", "the database ended the transaction after an "
				     "error; try again"},
	};
	for (size_t i = 0; code && i < sizeof codes / sizeof codes[0]; i++)
		if (strcmp(code, codes[i][0]) == 0)
			return codes[i][1];
	return NULL;
}

/* Internal error detail goes to the log under the request id, never to the
 * client, which gets the id to quote. */
static void hide_internal_error(struct request *req, struct response *res)
{
	json_t *e = res->json ? json_object_get(res->json, "error") : NULL;
	const char *code = json_string_value(json_object_get(e, "code"));
	const char *message = json_string_value(json_object_get(e, "message"));
	log_error("request %s %s %s -> %d %s: %s", req->request_id, req->method,
		  req->path, res->status, code ? code : "",
		  message ? message : "");
	if (!e)
		return;
	const char *known = operational_message(code);
	char text[240];
	snprintf(text, sizeof text,
		 "%s%ssroi could not answer this request; its log has the "
		 "details under request id %s",
		 known ? known : "", known ? ". " : "", req->request_id);
	response_json(res, res->status,
		      json_pack("{s:{s:s, s:s, s:s}}", "error", "code",
				known		     ? code
				: res->status == 503 ? "unavailable"
						     : "internal_error",
				"message", text, "field", ""));
}

/* The peer's address; behind a trusted reverse proxy the last entry of
 * X-Forwarded-For (the one the proxy added). */
static void client_address(struct MHD_Connection *conn, char *out, size_t len)
{
	snprintf(out, len, "unknown");
	if (auth_settings()->trust_proxy) {
		const char *xff = MHD_lookup_connection_value(
			conn, MHD_HEADER_KIND, "X-Forwarded-For");
		if (xff && *xff) {
			const char *last = strrchr(xff, ',');
			last = last ? last + 1 : xff;
			while (*last == ' ')
				last++;
			snprintf(out, len, "%.45s", last);
			return;
		}
	}
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (info && info->client_addr &&
	    info->client_addr->sa_family == AF_INET) {
		const struct sockaddr_in *a =
			(const struct sockaddr_in *)info->client_addr;
		inet_ntop(AF_INET, &a->sin_addr, out, (socklen_t)len);
	}
}

/* A random prefix of this process and a count: unique among servers
 * without a system call for random bytes on every request. */
static uint32_t request_id_prefix;
static _Atomic uint32_t request_count;

static void new_request_id(char *out, size_t size)
{
	snprintf(out, size, "%08x%08x", request_id_prefix,
		 (unsigned)++request_count);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct pending *p = *con_cls;
	if (!p) {
		p = calloc(1, sizeof *p);
		if (!p)
			return MHD_NO;
		/* Uploads (ROUTE_RAW) may be larger than JSON bodies. */
		bool known = false;
		const struct route *r = route_find(method, url, NULL, &known);
		p->limit = r && (r->flags & ROUTE_IMPORT) ? SERVER_MAX_IMPORT
			   : r && (r->flags & ROUTE_RAW) ? SERVER_MAX_UPLOAD : SERVER_MAX_BODY;
		p->spooled = r && (r->flags & ROUTE_IMPORT);
		upload_spool_init(&p->spool);
		*con_cls = p;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!p->too_large) {
			if (p->len + *upload_data_size > p->limit) {
				p->too_large = true;
				free(p->body);
				p->body = NULL;
				upload_spool_close(&p->spool);
			} else if (p->spooled) {
				/* A failure is answered once the body is in. */
				if (upload_spool_write(&p->spool, upload_data,
						       *upload_data_size))
					p->len += *upload_data_size;
			} else {
				char *b = realloc(p->body, p->len + *upload_data_size + 1);
				if (!b)
					return MHD_NO;
				memcpy(b + p->len, upload_data, *upload_data_size);
				p->body = b;
				p->len += *upload_data_size;
				p->body[p->len] = '\0';
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}

	struct request req = {0};
	struct response res = {0};
	oom_clear();
	new_request_id(req.request_id, sizeof req.request_id);
	req.method = method;
	req.path = url;
	const char *spooled =
	    p->spooled && p->len && !p->too_large ? upload_spool_map(&p->spool)
						  : NULL;
	req.body = spooled ? spooled : p->body ? p->body : "";
	req.body_len = p->len;
	req.db_url = config->db_url;
	req.demo_logins = config->demo_logins;
	req.content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						       "Content-Type");
	req.session_cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND,
							 AUTH_COOKIE);
	req.authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							"Authorization");
	req.csrf_header = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						      "X-CSRF-Token");
	client_address(conn, req.client_addr, sizeof req.client_addr);
	snprintf(req.caller.actor, sizeof req.caller.actor, "anonymous");
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query,
				  &req);
	bool api = strncmp(url, "/api/", 5) == 0;
	if (p->spooled && p->spool.error) {
		bool full = p->spool.error == ENOSPC || p->spool.error == EDQUOT;
		log_error("request %s: cannot keep the upload: %s",
			  req.request_id, strerror(p->spool.error));
		response_fail(&res, full ? 507 : 503,
			      full ? "temporary_space_full" : "unavailable", "",
			      full ? "the server's temporary space is full"
				   : "the server cannot keep the upload; try "
				     "again");
	} else if (p->too_large) {
		response_fail(&res, 413, "body_too_large", "",
			      p->limit == SERVER_MAX_BODY
				      ? "the request body is larger than 1 MiB"
				      : p->limit == SERVER_MAX_IMPORT ? "the import file is larger than 256 MiB"
				      : "the upload is larger than 10 MiB");
	} else if (api) {
		run_api(&req, &res);
	} else if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) {
		serve_static(url, &res);
	} else {
		response_fail(&res, 405, "method_not_allowed", "",
			      "this method is not allowed here");
	}
	/* The answer no longer needs the upload: its space is free before
	 * the client can send the next one. */
	upload_spool_close(&p->spool);
	if (res.status >= 500)
		hide_internal_error(&req, &res);
	enum MHD_Result ret = send_response(conn, &res, req.request_id, api);
	response_free(&res);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn,
			 void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct pending *p = *con_cls;
	if (p) {
		free(p->body);
		upload_spool_close(&p->spool);
		free(p);
	}
	*con_cls = NULL;
}

bool server_parse_listen(const char *text, char *host, size_t host_len,
			 uint16_t *port)
{
	const char *colon = strrchr(text, ':');
	if (!colon || (size_t)(colon - text) >= host_len || colon == text)
		return false;
	memcpy(host, text, (size_t)(colon - text));
	host[colon - text] = '\0';
	char *end;
	long p = strtol(colon + 1, &end, 10);
	if (*end || p < 0 || p > 65535)
		return false;
	struct in_addr a;
	if (inet_pton(AF_INET, host, &a) != 1)
		return false;
	*port = (uint16_t)p;
	return true;
}

bool server_host_is_loopback(const char *host)
{
	struct in_addr a;
	return inet_pton(AF_INET, host, &a) == 1 &&
	       (ntohl(a.s_addr) >> 24) == 127;
}

bool server_run(const struct server_config *cfg)
{
	config = cfg;
	if (sodium_init() < 0) {
		fprintf(stderr, "sroi serve: libsodium failed to initialise\n");
		return false;
	}
	oom_install();
	request_id_prefix = randombytes_random();
	response_cache_configure(cfg->cache_bytes);
	pthread_key_create(&store_key, close_thread_store);

	/* Block the stop signals in every thread; this one waits for them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct sockaddr_in addr = {0};
	addr.sin_family = AF_INET;
	addr.sin_port = htons(cfg->port);
	inet_pton(AF_INET, cfg->host, &addr.sin_addr);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			 MHD_USE_TURBO | MHD_USE_ERROR_LOG;
	struct MHD_OptionItem tls[3] = {{MHD_OPTION_END, 0, NULL},
					{MHD_OPTION_END, 0, NULL},
					{MHD_OPTION_END, 0, NULL}};
	if (cfg->tls_cert_pem && cfg->tls_key_pem) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			fprintf(stderr, "sroi serve: this libmicrohttpd has no "
					"TLS support\n");
			pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
			return false;
		}
		flags |= MHD_USE_TLS;
		tls[0] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0,
						 (void *)cfg->tls_key_pem};
		tls[1] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0,
						 (void *)cfg->tls_cert_pem};
	}
	const char *scheme = cfg->tls_cert_pem ? "https" : "http";
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, cfg->port, NULL, NULL, on_request, NULL,
		MHD_OPTION_ARRAY, tls,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads > 0 ? cfg->threads : 4),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVER_MAX_CONNECTIONS,
		/* One address may not take every connection; behind a proxy
		 * every connection comes from the proxy. */
		MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		(unsigned)(auth_settings()->trust_proxy
				   ? 0
				   : SERVER_MAX_CONNECTIONS_PER_ADDRESS),
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
		MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "sroi serve: cannot listen on %s:%u\n",
			cfg->host, cfg->port);
		pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
		return false;
	}
	if (cfg->port == 0) {
		const union MHD_DaemonInfo *info =
			MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
		printf("listening on %s://%s:%u\n", scheme, cfg->host,
		       info ? info->port : 0);
	} else {
		printf("listening on %s://%s:%u\n", scheme, cfg->host,
		       cfg->port);
	}
	fflush(stdout);
	int sig = -1;
	while (sig < 0) {
		if (cfg->hourly)
			cfg->hourly(cfg);
		struct timespec hour = {.tv_sec = 3600};
		sig = sigtimedwait(&stop, NULL, &hour);
	}
	log_info("signal %d: finishing in-flight requests", sig);
	MHD_stop_daemon(d); /* waits for the worker threads */
	response_cache_configure(0);
	pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
	return true;
}
