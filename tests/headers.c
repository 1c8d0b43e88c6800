/* The public headers compile alone under -std=c11 -pedantic. */
#include <glossa.h>

int main(void)
{
	glossa_buf b = GLOSSA_BUF_INIT;

	glossa_buf_dispose(&b);
	return glossa_error_last() == NULL;
}
