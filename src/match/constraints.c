/* constraints.c: the hard constraints of a pair (see constraints.h). */
#include "match/constraints.h"

struct rule_text {
	const char *name;
	const char *message;
};

/* Indexed by bit number. */
static const struct rule_text rules[MATCH_RULE_COUNT] = {
    {"hired", "the candidate is already hired elsewhere"},
    {"target_group",
     "the candidate belongs to no target group that the opening's "
     "contract may count"},
    {"candidate_distance",
     "the work is farther away than the candidate will travel"},
    {"opening_distance",
     "the candidate lives farther away than the opening allows"},
    {"available", "the candidate is not available by the start date"},
    {"hours", "the candidate cannot work the opening's hours"},
    {"licence", "the opening requires a driving licence"},
    {"occupation",
     "the opening's occupation is too far from the ones the candidate "
     "wants"},
    {"already_proposed", "the candidate was proposed for this opening before"},
};

int32_t match_travel_limit_m(const struct match_weights *w, int32_t max_km)
{
	int32_t km = max_km > 0 ? max_km : w->default_max_travel_km;
	return km * 1000;
}

uint32_t match_check_plain(const struct match_weights *w,
			   const struct match_candidate *c,
			   const struct match_opening *o)
{
	uint32_t failed = 0;
	if (c->hired)
		failed |= MATCH_RULE_HIRED;
	if ((c->target_groups & o->allowed_groups) == 0)
		failed |= MATCH_RULE_TARGET_GROUP;
	if (c->available_from > o->start)
		failed |= MATCH_RULE_AVAILABLE;
	if ((int64_t)o->hours > (int64_t)c->hours + w->hours_tolerance)
		failed |= MATCH_RULE_HOURS;
	if (o->requires_licence && !c->driving_licence)
		failed |= MATCH_RULE_LICENCE;
	return failed;
}

uint32_t match_check_reach(const struct match_weights *w,
			   const struct match_candidate *c,
			   const struct match_opening *o, int32_t distance_m,
			   enum match_fit fit)
{
	uint32_t failed = 0;
	if (distance_m > match_travel_limit_m(w, c->max_travel_km))
		failed |= MATCH_RULE_CANDIDATE_DISTANCE;
	if (distance_m > match_travel_limit_m(w, o->max_travel_km))
		failed |= MATCH_RULE_OPENING_DISTANCE;
	if (c->occupation_count > 0 && fit < w->min_occupation_fit)
		failed |= MATCH_RULE_OCCUPATION;
	return failed;
}

uint32_t match_check(const struct match_weights *w,
		     const struct match_candidate *c,
		     const struct match_opening *o, int32_t distance_m,
		     enum match_fit fit)
{
	return match_check_plain(w, c, o) |
	       match_check_reach(w, c, o, distance_m, fit);
}

static int rule_bit(uint32_t rule)
{
	for (int i = 0; i < MATCH_RULE_COUNT; i++)
		if (rule == 1u << i)
			return i;
	return -1;
}

const char *match_rule_name(uint32_t rule)
{
	int i = rule_bit(rule);
	return i < 0 ? "unknown" : rules[i].name;
}

const char *match_rule_message(uint32_t rule)
{
	int i = rule_bit(rule);
	return i < 0 ? "unknown" : rules[i].message;
}
