/*
 * A self-connected group: every instance sends its name to each peer, closes its pipes, then
 * reads what each peer sent and prints it. `ring block` instead reads first (a deadlock).
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  int block = argc > 1 && strcmp(argv[1], "block") == 0;
  char names[64][64];
  int n = 0;
  DIR *d = opendir("/dev/in");
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL && n < 64)
    if (e->d_name[0] != '.') snprintf(names[n++], 64, "%s", e->d_name);
  if (d) closedir(d);
  char path[128], buf[256];
  if (!block) {
    for (int i = 0; i < n; i++) {
      snprintf(path, sizeof path, "/dev/out/%s", names[i]);
      FILE *f = fopen(path, "w");
      if (!f) return 3;
      fprintf(f, "from %s", argv[0]);
      fclose(f);
    }
  }
  for (int i = 0; i < n; i++) {
    snprintf(path, sizeof path, "/dev/in/%s", names[i]);
    FILE *f = fopen(path, "r");
    if (!f) return 4;
    size_t k = fread(buf, 1, sizeof buf - 1, f);
    buf[k] = 0;
    fclose(f);
    printf("%s: %s\n", names[i], buf);
  }
  return 0;
}
