/*
 * dimacs.c: reads and writes the DIMACS min-cost flow format (see dimacs.h).
 *
 * The reader walks the buffer once with a pointer; numbers are read by hand
 * (strtol per token costs more than the whole parse). Each line is checked
 * completely, so that an error can name the line and what is wrong with it.
 */
#include "match/dimacs.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct reader {
	const char *p, *end;
	int64_t line;
	struct sr_error *err;
};

static bool fail(struct reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool fail(struct reader *r, const char *fmt, ...)
{
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return sr_fail(r->err, 400, "invalid_dimacs", "", "line %lld: %s",
		       (long long)r->line, what);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void skip_blanks(struct reader *r)
{
	while (r->p < r->end && is_blank(*r->p))
		r->p++;
}

static bool at_line_end(const struct reader *r)
{
	return r->p == r->end || *r->p == '\n';
}

/* The token at r->p, quoted for a message ("end of line" when none). */
static const char *token_text(const struct reader *r, char *buf, size_t size)
{
	if (at_line_end(r))
		return "end of line";
	size_t n = 0;
	buf[n++] = '\'';
	for (const char *q = r->p;
	     q < r->end && !is_blank(*q) && *q != '\n' && n + 5 < size; q++)
		buf[n++] = (*q >= 32 && *q < 127) ? *q : '?';
	buf[n++] = '\'';
	buf[n] = 0;
	return buf;
}

/* Reads one integer field; what names it for messages. */
static inline bool read_int(struct reader *r, const char *what, int64_t *out)
{
	skip_blanks(r);
	const char *p = r->p, *end = r->end;
	bool negative = false;
	if (p < end && (*p == '-' || *p == '+')) {
		negative = *p == '-';
		p++;
	}
	const char *digits = p;
	uint64_t v = 0;
	while (p < end && (unsigned)(*p - '0') < 10) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_C(0x7fffffffffffffff) - d) / 10) {
			while (p < end && (unsigned)(*p - '0') < 10)
				p++;
			return fail(r, "%s out of range: %.*s", what,
				    (int)(p - r->p > 40 ? 40 : p - r->p), r->p);
		}
		v = v * 10 + d;
		p++;
	}
	if (p == digits || (p < end && !is_blank(*p) && *p != '\n')) {
		char buf[48];
		return fail(r, "expected %s, found %s", what,
			    token_text(r, buf, sizeof buf));
	}
	r->p = p;
	*out = negative ? -(int64_t)v : (int64_t)v;
	return true;
}

static bool expect_line_end(struct reader *r, const char *after)
{
	skip_blanks(r);
	if (at_line_end(r))
		return true;
	char buf[48];
	return fail(r, "unexpected %s after %s", token_text(r, buf, sizeof buf),
		    after);
}

static void skip_line(struct reader *r)
{
	const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	r->p = nl ? nl : r->end;
}

void dimacs_problem_free(struct mcf_problem *p)
{
	free((void *)p->supply);
	free((void *)p->from);
	free((void *)p->to);
	free((void *)p->low);
	free((void *)p->cap);
	free((void *)p->cost);
	memset(p, 0, sizeof *p);
}

struct building {
	int64_t nodes, arcs, arcs_seen;
	int64_t p_line;
	int64_t supply_sum;
	int64_t *supply, *low, *cap, *cost;
	int32_t *from, *to;
	uint8_t *has_supply; /* bitset: node already had an n line */
};

static void building_free(struct building *b)
{
	free(b->supply);
	free(b->low);
	free(b->cap);
	free(b->cost);
	free(b->from);
	free(b->to);
	free(b->has_supply);
}

static bool parse_p(struct reader *r, struct building *b, size_t len)
{
	if (b->p_line)
		return fail(r, "second p line (the first is line %lld)",
			    (long long)b->p_line);
	skip_blanks(r);
	const char *word = r->p;
	while (r->p < r->end && !is_blank(*r->p) && *r->p != '\n')
		r->p++;
	size_t wlen = (size_t)(r->p - word);
	if (wlen != 3 || memcmp(word, "min", 3) != 0) {
		if (wlen == 0)
			return fail(r, "expected problem type 'min'");
		return fail(r, "problem type '%.*s' is not 'min'",
			    (int)(wlen > 20 ? 20 : wlen), word);
	}
	if (!read_int(r, "node count", &b->nodes) ||
	    !read_int(r, "arc count", &b->arcs) ||
	    !expect_line_end(r, "the arc count"))
		return false;
	if (b->nodes < 0)
		return fail(r, "node count must not be negative");
	if (b->arcs < 0)
		return fail(r, "arc count must not be negative");
	if (b->nodes > INT32_MAX - 1)
		return fail(r, "more than %d nodes", INT32_MAX - 1);
	/* An arc line takes at least 11 bytes: refuse counts the input
	 * cannot hold before allocating for them. */
	if (b->arcs > (int64_t)(len / 11) + 1 || b->arcs >= INT32_MAX)
		return fail(r, "%lld arcs declared, more than the input holds",
			    (long long)b->arcs);
	/* A node without an arc carries no flow. Some are allowed, but a
	 * count far beyond what the arcs can reach would only allocate
	 * gigabytes for isolated nodes (the 20 bytes "p min 2000000000 0"
	 * asked for 16 GB: fuzz/corpus/dimacs/oom-node-count.min), so more
	 * than 64 nodes per declared arc, plus 1024, are refused. The bound
	 * reads only the problem line, so what dimacs_write writes of a
	 * problem that was read is read again. */
	if (b->nodes > b->arcs * 64 + 1024)
		return fail(r,
			    "%lld nodes declared for %lld arcs: more than "
			    "64 per arc (plus 1024) would be isolated",
			    (long long)b->nodes, (long long)b->arcs);
	b->p_line = r->line;
	size_t nn = (size_t)b->nodes + 1, mm = (size_t)b->arcs + 1;
	b->supply = calloc(nn, sizeof *b->supply);
	b->has_supply = calloc(nn / 8 + 1, 1);
	b->from = malloc(mm * sizeof *b->from);
	b->to = malloc(mm * sizeof *b->to);
	b->cap = malloc(mm * sizeof *b->cap);
	b->cost = malloc(mm * sizeof *b->cost);
	if (!b->supply || !b->has_supply || !b->from || !b->to || !b->cap ||
	    !b->cost)
		return sr_fail(r->err, 503, "out_of_memory", "",
			       "line %lld: out of memory for %lld nodes and "
			       "%lld arcs",
			       (long long)r->line, (long long)b->nodes,
			       (long long)b->arcs);
	return true;
}

static bool read_node_id(struct reader *r, const struct building *b,
			 const char *what, int32_t *id)
{
	int64_t v = 0;
	if (!read_int(r, what, &v))
		return false;
	if (v < 1 || v > b->nodes)
		return fail(r, "%s %lld out of range 1..%lld", what,
			    (long long)v, (long long)b->nodes);
	*id = (int32_t)(v - 1);
	return true;
}

static bool parse_n(struct reader *r, struct building *b)
{
	int32_t id = 0;
	int64_t supply = 0;
	if (!read_node_id(r, b, "node id", &id) ||
	    !read_int(r, "supply", &supply) ||
	    !expect_line_end(r, "the supply"))
		return false;
	if (b->has_supply[id >> 3] & (1u << (id & 7)))
		return fail(r, "second n line for node %d", (int)id + 1);
	if (supply > MCF_AMOUNT_MAX || supply < -MCF_AMOUNT_MAX)
		return fail(r, "supply %lld out of range (|supply| <= 2^62)",
			    (long long)supply);
	b->has_supply[id >> 3] |= (uint8_t)(1u << (id & 7));
	b->supply[id] = supply;
	/* |supply| <= 2^62, so the sum only overflows after many lines */
	if (__builtin_add_overflow(b->supply_sum, supply, &b->supply_sum))
		return fail(r, "supplies sum beyond 64 bits");
	return true;
}

static bool parse_a(struct reader *r, struct building *b)
{
	int32_t from = 0, to = 0;
	int64_t low = 0, cap = 0, cost = 0;
	if (b->arcs_seen == b->arcs)
		return fail(r, "more arcs than the %lld declared on line %lld",
			    (long long)b->arcs, (long long)b->p_line);
	if (!read_node_id(r, b, "tail node", &from) ||
	    !read_node_id(r, b, "head node", &to) ||
	    !read_int(r, "lower bound", &low) ||
	    !read_int(r, "capacity", &cap) || !read_int(r, "cost", &cost) ||
	    !expect_line_end(r, "the cost"))
		return false;
	if (low < 0)
		return fail(r, "lower bound %lld is negative", (long long)low);
	if (cap < 0)
		return fail(r, "capacity %lld is negative", (long long)cap);
	if (low > cap)
		return fail(r, "lower bound %lld exceeds capacity %lld",
			    (long long)low, (long long)cap);
	if (cap > MCF_AMOUNT_MAX)
		return fail(r, "capacity %lld out of range (at most 2^62)",
			    (long long)cap);
	if (cost > MCF_COST_MAX || cost < -MCF_COST_MAX)
		return fail(r, "cost %lld out of range (|cost| <= %lld)",
			    (long long)cost, (long long)MCF_COST_MAX);
	int64_t a = b->arcs_seen++;
	b->from[a] = from;
	b->to[a] = to;
	b->cap[a] = cap;
	b->cost[a] = cost;
	if (low != 0 && !b->low) {
		b->low = calloc((size_t)b->arcs + 1, sizeof *b->low);
		if (!b->low)
			return sr_fail(r->err, 503, "out_of_memory", "",
				       "line %lld: out of memory",
				       (long long)r->line);
	}
	if (b->low)
		b->low[a] = low;
	return true;
}

static bool parse_all(struct reader *r, struct building *b, size_t len)
{
	while (r->p < r->end) {
		r->line++;
		skip_blanks(r);
		if (at_line_end(r)) {
			if (r->p < r->end)
				r->p++;
			continue;
		}
		char kind = *r->p++;
		if (kind == 'c') {
			skip_line(r); /* "c..." is a comment, however spaced */
		} else if (r->p < r->end && !is_blank(*r->p) && *r->p != '\n') {
			char buf[48];
			r->p--;
			return fail(r,
				    "unknown line kind %s (expected c, p, "
				    "n or a)",
				    token_text(r, buf, sizeof buf));
		} else if (kind == 'p') {
			if (!parse_p(r, b, len))
				return false;
		} else if (kind == 'n' || kind == 'a') {
			if (!b->p_line)
				return fail(r, "'%c' line before the p line",
					    kind);
			if (!(kind == 'n' ? parse_n(r, b) : parse_a(r, b)))
				return false;
		} else {
			return fail(r,
				    "unknown line kind '%c' (expected c, p, "
				    "n or a)",
				    (kind >= 32 && kind < 127) ? kind : '?');
		}
		if (r->p < r->end)
			r->p++; /* the newline */
	}
	if (!b->p_line) {
		if (r->line == 0)
			r->line = 1;
		return fail(r, "no p line (expected 'p min NODES ARCS')");
	}
	r->line = b->p_line;
	if (b->arcs_seen != b->arcs)
		return fail(r, "%lld arcs declared but %lld given",
			    (long long)b->arcs, (long long)b->arcs_seen);
	if (b->supply_sum != 0)
		return fail(r, "supplies sum to %lld, not 0",
			    (long long)b->supply_sum);
	return true;
}

bool dimacs_parse(const char *text, size_t len, struct mcf_problem *out,
		  struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	struct reader r = {text, text + len, 0, err};
	struct building b = {0};
	if (!parse_all(&r, &b, len)) {
		building_free(&b);
		return false;
	}
	free(b.has_supply);
	out->node_count = (int32_t)b.nodes;
	out->arc_count = b.arcs;
	out->supply = b.supply;
	out->from = b.from;
	out->to = b.to;
	out->low = b.low;
	out->cap = b.cap;
	out->cost = b.cost;
	return true;
}

/* ---- writing ---- */

struct writer {
	FILE *out;
	size_t len;
	bool ok;
	char buf[1 << 16];
};

static void w_flush(struct writer *w)
{
	if (w->len && fwrite(w->buf, 1, w->len, w->out) != w->len)
		w->ok = false;
	w->len = 0;
}

static void w_char(struct writer *w, char c)
{
	if (w->len == sizeof w->buf)
		w_flush(w);
	w->buf[w->len++] = c;
}

static void w_int(struct writer *w, int64_t v)
{
	char tmp[24];
	int n = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		w_char(w, '-');
	while (n)
		w_char(w, tmp[--n]);
}

bool dimacs_write(FILE *out, const struct mcf_problem *p, const char *comment)
{
	struct writer *w = malloc(sizeof *w);
	if (!w)
		return false;
	w->out = out;
	w->len = 0;
	w->ok = true;
	for (const char *c = comment; c && *c;) {
		const char *nl = strchr(c, '\n');
		size_t n = nl ? (size_t)(nl - c) : strlen(c);
		w_char(w, 'c');
		w_char(w, ' ');
		for (size_t i = 0; i < n; i++)
			w_char(w, c[i]);
		w_char(w, '\n');
		c = nl ? nl + 1 : c + n;
	}
	w_char(w, 'p');
	for (const char *s = " min "; *s; s++)
		w_char(w, *s);
	w_int(w, p->node_count);
	w_char(w, ' ');
	w_int(w, p->arc_count);
	w_char(w, '\n');
	for (int32_t v = 0; v < p->node_count; v++) {
		if (p->supply[v] == 0)
			continue;
		w_char(w, 'n');
		w_char(w, ' ');
		w_int(w, (int64_t)v + 1);
		w_char(w, ' ');
		w_int(w, p->supply[v]);
		w_char(w, '\n');
	}
	for (int64_t a = 0; a < p->arc_count; a++) {
		int64_t fields[5] = {
		    (int64_t)p->from[a] + 1, (int64_t)p->to[a] + 1,
		    p->low ? p->low[a] : 0, p->cap[a], p->cost[a]};
		w_char(w, 'a');
		for (int i = 0; i < 5; i++) {
			w_char(w, ' ');
			w_int(w, fields[i]);
		}
		w_char(w, '\n');
	}
	w_flush(w);
	bool ok = w->ok;
	free(w);
	return ok;
}
