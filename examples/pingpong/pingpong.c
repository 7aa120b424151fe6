/*
 * Request/reply over a pair of pipes. `pingpong client <peer> <n>` sends the numbers 1..n one
 * line at a time and waits for each answer; `pingpong server <peer>` answers every line with
 * twice its number until end-of-file. Both print what they saw.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  char path[256];
  snprintf(path, sizeof path, "/dev/out/%s", argv[2]);
  FILE *out = fopen(path, "w");
  snprintf(path, sizeof path, "/dev/in/%s", argv[2]);
  FILE *in = fopen(path, "r");
  if (!out || !in) return 3;
  char line[64];
  if (strcmp(argv[1], "client") == 0) {
    long n = argc > 3 ? atol(argv[3]) : 10, sum = 0;
    for (long i = 1; i <= n; i++) {
      fprintf(out, "%ld\n", i);
      fflush(out);
      if (!fgets(line, sizeof line, in)) return 4;
      if (atol(line) != 2 * i) return 5;
      sum += atol(line);
    }
    fclose(out);
    printf("client got %ld answers, sum %ld\n", n, sum);
    return 0;
  }
  long count = 0;
  while (fgets(line, sizeof line, in)) {
    fprintf(out, "%ld\n", 2 * atol(line));
    fflush(out);
    count++;
  }
  printf("server answered %ld\n", count);
  return 0;
}
