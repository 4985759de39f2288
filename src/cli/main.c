/* main.c - the zjtx command-line entry point: global flags and the
 * subcommand table (cli/cli.h). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "version") == 0) {
		printf("zjtx 0.1.0\n");
		return 0;
	}
	fprintf(stderr, "usage: zjtx COMMAND [ARGS]\n");
	return 2;
}
