/*
 * log.h: the server's log on standard error, one line per event.
 * Never pass identity data (names, BSN, contact details) to these functions.
 */
#ifndef SROI_BASE_LOG_H
#define SROI_BASE_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Silences info lines (tests, CLI commands). */
void log_set_quiet(int quiet);

#endif
