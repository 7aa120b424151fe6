/* Word count reducer in C: for each mapper (map-1 … map-N, /dev/in in name order) prints its
 * lines with the count right-aligned, then the total. Uses <zerolab.h>, the channel helpers. */
#include <zerolab.h>

int main(void) {
  unsigned long long total = 0;
  ZL_FOR_EACH("in", peer) {
    char *text = zl_read_peer(peer, NULL);
    if (!text) {
      fprintf(stderr, "cannot read /dev/in/%s\n", peer);
      return 1;
    }
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
      char *rest = NULL;
      unsigned long long n = strtoull(line, &rest, 10);
      if (rest == line) continue;
      while (*rest == ' ') rest++;
      printf("%10llu %s\n", n, rest);
      total += n;
    }
    free(text);
  }
  printf("%10llu total\n", total);
  return 0;
}
