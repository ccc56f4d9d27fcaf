/* occupation.c: ESCO/ISCO codes and their fit (see occupation.h). */
#include "match/occupation.h"

#include <string.h>

static const char *const fit_names[MATCH_FIT_COUNT] = {
    "none", "sub_major_group", "minor_group", "unit_group", "same_occupation",
};

bool match_esco_valid(const char *code)
{
	if (!code)
		return false;
	size_t n = strnlen(code, MATCH_ESCO_LEN);
	if (n < 4 || n >= MATCH_ESCO_LEN)
		return false;
	for (int i = 0; i < 4; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	/* Then zero or more ".digits" parts. */
	size_t i = 4;
	while (i < n) {
		if (code[i] != '.')
			return false;
		i++;
		size_t digits = 0;
		while (i < n && code[i] >= '0' && code[i] <= '9') {
			i++;
			digits++;
		}
		if (digits == 0)
			return false;
	}
	return true;
}

enum match_fit match_fit_codes(const char *wanted, const char *offered)
{
	if (strcmp(wanted, offered) == 0)
		return MATCH_FIT_OCCUPATION;
	/* Count the common leading ISCO digits (the first four characters). */
	int same = 0;
	while (same < 4 && wanted[same] == offered[same])
		same++;
	switch (same) {
	case 4:
		return MATCH_FIT_UNIT;
	case 3:
		return MATCH_FIT_MINOR;
	case 2:
		return MATCH_FIT_SUB_MAJOR;
	default:
		return MATCH_FIT_NONE;
	}
}

enum match_fit match_fit_candidate(const struct match_candidate *c,
				   const struct match_opening *o)
{
	enum match_fit best = MATCH_FIT_NONE;
	for (int i = 0; i < c->occupation_count && i < MATCH_MAX_OCCUPATIONS;
	     i++) {
		enum match_fit f = match_fit_codes(c->occupations[i], o->esco);
		if (f > best)
			best = f;
	}
	return best;
}

int match_occupation_key(const char *code, enum match_fit level)
{
	int digits;
	switch (level) {
	case MATCH_FIT_NONE:
		return 0;
	case MATCH_FIT_SUB_MAJOR:
		digits = 2;
		break;
	case MATCH_FIT_MINOR:
		digits = 3;
		break;
	default: /* unit group and same occupation share unit-group keys */
		digits = 4;
		break;
	}
	int key = 0;
	for (int i = 0; i < digits; i++)
		key = key * 10 + (code[i] - '0');
	return key + 1;
}

const char *match_fit_name(enum match_fit fit)
{
	if ((int)fit < 0 || fit >= MATCH_FIT_COUNT)
		return "unknown";
	return fit_names[fit];
}

bool match_fit_parse(const char *name, enum match_fit *out)
{
	for (int i = 0; i < MATCH_FIT_COUNT; i++)
		if (name && strcmp(name, fit_names[i]) == 0) {
			*out = (enum match_fit)i;
			return true;
		}
	return false;
}
