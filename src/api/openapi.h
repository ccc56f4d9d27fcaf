/* openapi.h: the OpenAPI document derived from the route table. */
#ifndef SROI_API_OPENAPI_H
#define SROI_API_OPENAPI_H

#include <jansson.h>

json_t *openapi_document(void);
/* The document as YAML text (malloc'ed), or NULL when out of memory. */
char *openapi_yaml(void);

#endif
