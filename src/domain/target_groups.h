/*
 * target_groups.h: the national vocabulary of target groups.
 *
 * Every policy, candidate and report refers to these names; a set of groups
 * is a uint32_t bitmask (bit i = target_groups[i]) so that matching and
 * block selection are bit operations. The order of the table is fixed: it is
 * the bit order, and stored masks depend on it, so new groups go at the end.
 */
#ifndef SROI_DOMAIN_TARGET_GROUPS_H
#define SROI_DOMAIN_TARGET_GROUPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct target_group {
	const char *name;     /* stable identifier: "participatiewet" */
	const char *label_nl; /* for Dutch screens and reports */
	const char *label_en;
	uint32_t bit;
};

enum {
	TG_PARTICIPATIEWET,
	TG_WW,
	TG_WIA,
	TG_IOAW_IOAZ,
	TG_BANENAFSPRAAK,
	TG_NO_BENEFIT,
	TG_YOUNG_NO_QUALIFICATION,
	TG_VSO_PRO,
	TG_MBO_BOL,
	TG_MBO_BBL,
	TG_STATUSHOUDER,
	TG_WORK_DISABILITY,
	TARGET_GROUP_COUNT
};

extern const struct target_group target_groups[TARGET_GROUP_COUNT];

/* The group called name, or NULL when name is not in the vocabulary. */
const struct target_group *target_group_find(const char *name);
/* The bit of name; false (and *bit untouched) when unknown. */
bool target_group_bit(const char *name, uint32_t *bit);
/* Index (0 .. TARGET_GROUP_COUNT-1) of the lowest bit set in mask, or -1. */
int target_group_first(uint32_t mask);
/* All valid bits. */
uint32_t target_groups_all(void);

#endif
