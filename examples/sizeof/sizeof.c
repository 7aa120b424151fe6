/* The 2014 ZeroCloud write-up's sizeof (zerocloud.md §8): prints the size of stdin, read in
 * chunks of argv[1] bytes (default 65536). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  size_t chunk = argc > 1 ? strtoul(argv[1], NULL, 10) : 65536;
  if (chunk == 0) chunk = 65536;
  char *buf = malloc(chunk);
  if (!buf) return 1;
  unsigned long long total = 0;
  size_t n;
  while ((n = fread(buf, 1, chunk, stdin)) > 0) total += n;
  printf("%llu\n", total);
  return 0;
}
