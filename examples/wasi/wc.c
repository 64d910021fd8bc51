/* wc: counts lines, words and bytes of every file in a directory (argv[1]), then tries to read a file outside
 * it, which the WASI sandbox refuses. Built by build.sh with clang + wasi-libc; run by main.mjs or weft run. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : ".";
  struct dirent **names;
  int n = scandir(dir, &names, NULL, alphasort);
  if (n < 0) {
    fprintf(stderr, "wc: %s: %s\n", dir, strerror(errno));
    return 1;
  }
  long total = 0;
  for (int i = 0; i < n; i++) {
    if (names[i]->d_type != DT_REG) continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
    FILE *f = fopen(path, "r");
    if (f == NULL) continue;
    long lines = 0, words = 0, bytes = 0;
    int c, in_word = 0;
    while ((c = fgetc(f)) != EOF) {
      bytes++;
      if (c == '\n') lines++;
      if (isspace(c)) in_word = 0;
      else if (!in_word) in_word = 1, words++;
    }
    fclose(f);
    total += bytes;
    printf("%7ld %7ld %7ld %s\n", lines, words, bytes, path);
  }
  printf("%7s %7s %7ld total\n", "", "", total);
  char outside[1024];
  snprintf(outside, sizeof outside, "%s/../main.mjs", dir);
  if (fopen(outside, "r") == NULL) printf("reading %s: %s\n", outside, strerror(errno));
  return 0;
}
