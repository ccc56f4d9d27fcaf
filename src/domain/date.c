/* date.c: civil-date conversions (Howard Hinnant's days-from-civil method). */
#include "domain/date.h"

#include <string.h>
#include <time.h>

bool date_is_leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap_year(y) ? 29 : days[m - 1];
}

sr_date date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (sr_date)(era * 146097 + doe - 719468);
}

void date_to_ymd(sr_date z, int *year, int *month, int *day)
{
	int32_t zz = z + 719468;
	int era = (zz >= 0 ? zz : zz - 146096) / 146097;
	int doe = zz - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int y = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp < 10 ? mp + 3 : mp - 9;
	*year = y + (m <= 2);
	*month = m;
	*day = d;
}

static bool digits(const char *s, int n, int *value)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*value = v;
	return true;
}

bool date_parse_month(const char *t, int *year, int *month)
{
	if (!t || strlen(t) != 7 || t[4] != '-')
		return false;
	if (!digits(t, 4, year) || !digits(t + 5, 2, month))
		return false;
	return *year >= 1900 && *year <= 2999 && *month >= 1 && *month <= 12;
}

bool date_parse(const char *t, sr_date *out)
{
	int y, m, d;
	if (!t || strlen(t) != 10 || t[4] != '-' || t[7] != '-')
		return false;
	if (!digits(t, 4, &y) || !digits(t + 5, 2, &m) || !digits(t + 8, 2, &d))
		return false;
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 ||
	    d > date_days_in_month(y, m))
		return false;
	*out = date_from_ymd(y, m, d);
	return true;
}

void date_format(sr_date d, char out[SR_DATE_TEXT_LEN])
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	/* Each part is written digit by digit, so the width is always 10. */
	unsigned uy = (unsigned)y % 10000u;
	out[0] = (char)('0' + uy / 1000);
	out[1] = (char)('0' + uy / 100 % 10);
	out[2] = (char)('0' + uy / 10 % 10);
	out[3] = (char)('0' + uy % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + dd / 10);
	out[9] = (char)('0' + dd % 10);
	out[10] = '\0';
}

sr_date date_add_months(sr_date d, int months)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	int total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	int dim = date_days_in_month(y, m);
	return date_from_ymd(y, m, dd > dim ? dim : dd);
}

sr_date date_today(void)
{
	return (sr_date)(time(NULL) / 86400);
}
