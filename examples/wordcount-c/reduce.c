/* Word count reducer in C: lists /dev/in (map-1 … map-N), prints each mapper's line with the
 * count right-aligned, then the total. Peers are read in name order for a stable output. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
  DIR *d = opendir("/dev/in");
  if (!d) {
    fprintf(stderr, "cannot list /dev/in\n");
    return 1;
  }
  char **names = NULL;
  size_t count = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    names = realloc(names, (count + 1) * sizeof *names);
    names[count++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, count, sizeof *names, by_name);
  unsigned long long total = 0;
  char path[512], line[1024];
  for (size_t i = 0; i < count; i++) {
    snprintf(path, sizeof path, "/dev/in/%s", names[i]);
    FILE *f = fopen(path, "rb");
    if (!f) continue;
    while (fgets(line, sizeof line, f)) {
      char *rest = NULL;
      unsigned long long n = strtoull(line, &rest, 10);
      if (rest == line) continue;
      while (*rest == ' ') rest++;
      rest[strcspn(rest, "\n")] = 0;
      printf("%10llu %s\n", n, rest);
      total += n;
    }
    fclose(f);
  }
  printf("%10llu total\n", total);
  return 0;
}
