/* target_groups.c: the national target-group vocabulary and its lookups. */
#include "domain/target_groups.h"

#include <string.h>

const struct target_group target_groups[TARGET_GROUP_COUNT] = {
    {"participatiewet", "Participatiewet (bijstand)",
     "Participation Act (social assistance)", 1u << TG_PARTICIPATIEWET},
    {"ww", "WW (werkloosheidswet)", "Unemployment insurance (WW)", 1u << TG_WW},
    {"wia", "WIA/WGA/WAO/WAZ", "Disability insurance (WIA/WGA/WAO/WAZ)",
     1u << TG_WIA},
    {"ioaw_ioaz", "IOAW/IOAZ",
     "Income support for older unemployed (IOAW/IOAZ)", 1u << TG_IOAW_IOAZ},
    {"banenafspraak", "Banenafspraak (Wajong, Wsw, doelgroepregister)",
     "Jobs agreement (Wajong, Wsw, target-group register)",
     1u << TG_BANENAFSPRAAK},
    {"no_benefit", "Werkzoekende zonder uitkering", "Jobseeker without benefit",
     1u << TG_NO_BENEFIT},
    {"young_no_qualification", "Jongere zonder startkwalificatie",
     "Young person without basic qualification",
     1u << TG_YOUNG_NO_QUALIFICATION},
    {"vso_pro", "Leerling VSO/praktijkonderwijs",
     "Special secondary or practical education pupil", 1u << TG_VSO_PRO},
    {"mbo_bol", "Mbo-student BOL", "Vocational student (school-based, BOL)",
     1u << TG_MBO_BOL},
    {"mbo_bbl", "Mbo-student BBL", "Vocational student (work-based, BBL)",
     1u << TG_MBO_BBL},
    {"statushouder", "Statushouder", "Refugee status holder",
     1u << TG_STATUSHOUDER},
    {"work_disability", "Arbeidsbeperking", "Work disability",
     1u << TG_WORK_DISABILITY},
};

const struct target_group *target_group_find(const char *name)
{
	if (!name)
		return NULL;
	for (int i = 0; i < TARGET_GROUP_COUNT; i++)
		if (strcmp(target_groups[i].name, name) == 0)
			return &target_groups[i];
	return NULL;
}

bool target_group_bit(const char *name, uint32_t *bit)
{
	const struct target_group *g = target_group_find(name);
	if (!g)
		return false;
	*bit = g->bit;
	return true;
}

int target_group_first(uint32_t mask)
{
	for (int i = 0; i < TARGET_GROUP_COUNT; i++)
		if (mask & (1u << i))
			return i;
	return -1;
}

uint32_t target_groups_all(void) { return (1u << TARGET_GROUP_COUNT) - 1u; }
