/* test-import-source.c: format detection by content, the zip rules, the
 * defences against hostile archives, and the reading API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <zip.h>

#include "orga-import-source.h"
#include "orga-siecle-parser.h"
#include "orga-test-util.h"

#define SMALL_XML \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<BEE_ELEVES VERSION=\"2.1\">\n" \
  "<PARAMETRES><UAJ>123ABC</UAJ></PARAMETRES>\n" \
  "<DONNEES>\n<ELEVES>\n" \
  "<ELEVE ELEVE_ID=\"1\">\n" \
  "<ID_NATIONAL>INE1</ID_NATIONAL>\n" \
  "<NOM_DE_FAMILLE>DUPONT</NOM_DE_FAMILLE>\n" \
  "<PRENOM>Léa</PRENOM>\n" \
  "<CODE_SEXE>2</CODE_SEXE>\n" \
  "<DATE_NAISS>05/03/2010</DATE_NAISS>\n" \
  "<CODE_PAYS>132</CODE_PAYS>\n" \
  "</ELEVE>\n" \
  "</ELEVES>\n<STRUCTURES>\n" \
  "<STRUCTURES_ELEVE ELEVE_ID=\"1\"><STRUCTURE><CODE_STRUCTURE>6A</CODE_STRUCTURE>" \
  "<TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>\n" \
  "</STRUCTURES>\n</DONNEES>\n</BEE_ELEVES>\n"

#define CSV_TEXT \
  "Identifiant unique*;Premier prénom*;Deuxième prénom;Troisième prénom;Nom de famille*\n" \
  "123F;Beatrix;;;Kiddo\n"

/* ------------------------------------------------------------------ */
/* helpers                                                              */
/* ------------------------------------------------------------------ */

static char *
temp_file (const char *name,
           const void *data,
           gssize      len)
{
  static guint counter;
  g_autofree char *dir_name = g_strdup_printf ("src-%u-%s", ++counter, name);

  return orga_test_write_temp_file (dir_name, data, len);
}

static OrgaImportSource *
open_ok (const char *path)
{
  g_autoptr(OrgaImportError) problem = NULL;
  OrgaImportSource *source = orga_import_source_open (path, &problem);

  if (problem != NULL)
    g_test_message ("%s: %s %s", path, orga_import_code_to_string (problem->code), problem->message);
  g_assert_null (problem);
  g_assert_nonnull (source);
  return source;
}

/* Asserts that @path cannot be opened, for @code, with a message. */
static void
assert_open_fails (const char     *path,
                   OrgaImportCode  code)
{
  g_autoptr(OrgaImportError) problem = NULL;
  g_autoptr(OrgaImportSource) source = orga_import_source_open (path, &problem);

  g_assert_null (source);
  g_assert_nonnull (problem);
  g_test_message ("%s: %s", orga_import_code_to_string (problem->code), problem->message);
  g_assert_cmpint (problem->code, ==, code);
  g_assert_nonnull (problem->message);
  g_assert_cmpstr (problem->message, !=, "");
  g_assert_cmpuint (problem->line, ==, 0);
}

static GBytes *
read_everything (OrgaImportSource *source)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = orga_import_source_read_all (source, G_MAXSIZE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

static void
assert_bytes_equal (GBytes     *bytes,
                    const void *data,
                    gsize       len)
{
  gsize got_len;
  const void *got = g_bytes_get_data (bytes, &got_len);

  g_assert_cmpuint (got_len, ==, len);
  g_assert_true (len == 0 || memcmp (got, data, len) == 0);
}

typedef struct
{
  const char *name;
  const char *data;     /* NULL for a folder entry */
  gssize      len;
  gboolean    store;    /* no compression */
} ZipEntry;

static char *
make_zip (const char     *file_name,
          const ZipEntry *entries,
          guint           n_entries)
{
  g_autofree char *path = temp_file (file_name, "", 0);
  zip_t *za;
  int zerr = 0;

  za = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
  g_assert_nonnull (za);

  for (guint i = 0; i < n_entries; i++)
    {
      const ZipEntry *e = &entries[i];

      if (e->data == NULL)
        {
          g_assert_cmpint (zip_dir_add (za, e->name, ZIP_FL_ENC_UTF_8), >=, 0);
        }
      else
        {
          gsize len = e->len < 0 ? strlen (e->data) : (gsize)e->len;
          zip_source_t *src = zip_source_buffer (za, e->data, len, 0);
          zip_int64_t index;

          g_assert_nonnull (src);
          index = zip_file_add (za, e->name, src, ZIP_FL_ENC_UTF_8);
          g_assert_cmpint (index, >=, 0);
          g_assert_cmpint (zip_set_file_compression (za, index, e->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0), ==, 0);
        }
    }

  if (zip_close (za) != 0)
    g_error ("zip_close: %s", zip_strerror (za));

  return g_steal_pointer (&path);
}

static char *
big_xml (gsize size)
{
  GString *s = g_string_new ("<?xml version=\"1.0\"?>\n<BEE_ELEVES>\n");
  guint n = 0;

  while (s->len + 20 < size)
    g_string_append_printf (s, "<X n=\"%07u\"/>\n", n++);
  g_string_append (s, "</BEE_ELEVES>\n");

  return g_string_free (s, FALSE);
}

static glong
max_rss_kib (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

static void
run_python (const char *script,
            const char *arg)
{
  const char *argv[] = { "python3", "-c", script, arg, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err_out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err_out, &status, &error);
  g_assert_no_error (error);
  if (err_out != NULL && *err_out != '\0')
    g_test_message ("python3: %s", err_out);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* ------------------------------------------------------------------ */
/* format detection                                                     */
/* ------------------------------------------------------------------ */

static void
check_format (const char       *name,
              const void       *data,
              gssize            len,
              OrgaImportFormat  expected)
{
  g_autofree char *path = temp_file (name, data, len);
  g_autoptr(OrgaImportSource) source = open_ok (path);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *basename = g_path_get_basename (path);

  g_assert_cmpint (orga_import_source_get_format (source), ==, expected);
  g_assert_cmpstr (orga_import_source_get_path (source), ==, path);
  g_assert_cmpstr (orga_import_source_get_basename (source), ==, basename);

  /* Sniffing consumed nothing: the bytes come back whole. */
  bytes = read_everything (source);
  assert_bytes_equal (bytes, data, len < 0 ? strlen (data) : (gsize)len);
}

static void
test_detect_xml_named_csv (void)
{
  check_format ("eleves.csv", SMALL_XML, -1, ORGA_IMPORT_FORMAT_SIECLE_XML);
}

static void
test_detect_csv_named_xml (void)
{
  check_format ("ElevesSansAdresses.xml", CSV_TEXT, -1, ORGA_IMPORT_FORMAT_FREGATA_CSV);
}

static void
test_detect_xml_variants (void)
{
  static const char bom_xml[] = "\xef\xbb\xbf" SMALL_XML;
  static const char spaced_xml[] = "\n\n  \t\r\n" SMALL_XML;
  static const char utf16le[] = "\xff\xfe<\0?\0x\0m\0l\0";
  static const char no_decl[] = "<BEE_ELEVES/>";

  check_format ("with-bom", bom_xml, -1, ORGA_IMPORT_FORMAT_SIECLE_XML);
  check_format ("spaced.txt", spaced_xml, -1, ORGA_IMPORT_FORMAT_SIECLE_XML);
  check_format ("utf16.dat", utf16le, sizeof utf16le - 1, ORGA_IMPORT_FORMAT_SIECLE_XML);
  check_format ("nodecl", no_decl, -1, ORGA_IMPORT_FORMAT_SIECLE_XML);
}

static void
test_detect_zip_named_xml (void)
{
  const ZipEntry entries[] = { { "ElevesSansAdresses.xml", SMALL_XML, -1, FALSE } };
  g_autofree char *zip_path = make_zip ("export.zip", entries, G_N_ELEMENTS (entries));
  g_autofree char *contents = NULL;
  g_autofree char *renamed = NULL;
  g_autoptr(OrgaImportSource) source = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *head;
  gsize len;
  gsize head_len;

  g_assert_true (g_file_get_contents (zip_path, &contents, &len, NULL));
  g_assert_true (memcmp (contents, "PK\3\4", 4) == 0);
  renamed = temp_file ("ElevesSansAdresses.xml", contents, len);
  source = open_ok (renamed);

  g_assert_cmpint (orga_import_source_get_format (source), ==, ORGA_IMPORT_FORMAT_SIECLE_ZIP);
  /* The head is the start of the XML inside, not of the archive. */
  head = orga_import_source_peek_head (source, &head_len);
  g_assert_cmpuint (head_len, ==, strlen (SMALL_XML));
  g_assert_true (memcmp (head, SMALL_XML, head_len) == 0);
  bytes = read_everything (source);
  assert_bytes_equal (bytes, SMALL_XML, strlen (SMALL_XML));
}

static void
test_detect_empty (void)
{
  g_autofree char *path = temp_file ("empty.xml", "", 0);

  assert_open_fails (path, ORGA_IMPORT_CODE_INVALID_FILE);
}

static void
test_detect_nul_bytes (void)
{
  static const char binary[] = "\x7f" "ELF\2\1\1\0\0\0\0\0\0\0\0\0";
  static const char csv_with_nul[] = "Identifiant unique*;Premier pr\0nom*\n123F;Beatrix\n";
  g_autofree char *path = temp_file ("students.csv", binary, sizeof binary - 1);
  g_autofree char *path2 = temp_file ("students2.csv", csv_with_nul, sizeof csv_with_nul - 1);

  assert_open_fails (path, ORGA_IMPORT_CODE_INVALID_FILE_FORMAT);
  assert_open_fails (path2, ORGA_IMPORT_CODE_INVALID_FILE_FORMAT);
}

static void
test_detect_not_a_file (void)
{
  g_autofree char *some = temp_file ("x.xml", SMALL_XML, -1);
  g_autofree char *dir = g_path_get_dirname (some);
  g_autofree char *missing = g_build_filename (dir, "does-not-exist.xml", NULL);

  assert_open_fails (dir, ORGA_IMPORT_CODE_INVALID_FILE);
  assert_open_fails (missing, ORGA_IMPORT_CODE_INVALID_FILE);
}

/* ------------------------------------------------------------------ */
/* zip rules                                                            */
/* ------------------------------------------------------------------ */

static void
check_zip_picks (const ZipEntry *entries,
                 guint           n_entries,
                 const char     *expected_data)
{
  g_autofree char *path = make_zip ("export.zip", entries, n_entries);
  g_autoptr(OrgaImportSource) source = open_ok (path);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_cmpint (orga_import_source_get_format (source), ==, ORGA_IMPORT_FORMAT_SIECLE_ZIP);
  bytes = read_everything (source);
  assert_bytes_equal (bytes, expected_data, strlen (expected_data));
}

static void
check_zip_rejected (const ZipEntry *entries,
                    guint           n_entries)
{
  g_autofree char *path = make_zip ("export.zip", entries, n_entries);

  assert_open_fails (path, ORGA_IMPORT_CODE_INVALID_FILE);
}

static void
test_zip_single_entry (void)
{
  const ZipEntry plain[] = { { "ElevesSansAdresses.xml", SMALL_XML, -1, FALSE } };
  const ZipEntry any_name[] = { { "export du 1er septembre.xml", SMALL_XML, -1, FALSE } };

  check_zip_picks (plain, G_N_ELEMENTS (plain), SMALL_XML);
  check_zip_picks (any_name, G_N_ELEMENTS (any_name), SMALL_XML);
}

static void
test_zip_nested_folder (void)
{
  const ZipEntry entries[] = {
    { "export/", NULL, 0, FALSE },
    { "export/2026/", NULL, 0, FALSE },
    { "export/2026/ElevesSansAdresses.xml", SMALL_XML, -1, FALSE },
    { "export/lisez-moi.txt", "bonjour", -1, FALSE },
  };

  check_zip_picks (entries, G_N_ELEMENTS (entries), SMALL_XML);
}

static void
test_zip_hidden_skipped (void)
{
  static const char apple_double[] = "\0\5\26\7 resource fork";
  const ZipEntry entries[] = {
    { "._ElevesSansAdresses.xml", apple_double, sizeof apple_double - 1, FALSE },
    { "__MACOSX/._ElevesSansAdresses.xml", apple_double, sizeof apple_double - 1, FALSE },
    { ".hidden/ElevesSansAdresses.xml", "<hidden/>", -1, FALSE },
    { "a/.b/c.xml", "<hidden/>", -1, FALSE },
    { "ElevesSansAdresses.xml", SMALL_XML, -1, FALSE },
  };

  check_zip_picks (entries, G_N_ELEMENTS (entries), SMALL_XML);
}

static void
test_zip_name_rules (void)
{
  /* None of these is a candidate: upper-case extension, no base name,
   * another extension, a hidden last component. */
  const ZipEntry only_upper[] = { { "ELEVES.XML", SMALL_XML, -1, FALSE } };
  const ZipEntry others[] = {
    { "ELEVES.XML", SMALL_XML, -1, FALSE },
    { "eleves.Xml", SMALL_XML, -1, FALSE },
    { ".xml", SMALL_XML, -1, FALSE },
    { "dir/.xml", SMALL_XML, -1, FALSE },
    { "eleves.xml.bak", SMALL_XML, -1, FALSE },
    { "eleves.xmlx", SMALL_XML, -1, FALSE },
    { "eleves.csv", CSV_TEXT, -1, FALSE },
    { ".eleves.xml", SMALL_XML, -1, FALSE },
  };
  /* ...but any of them next to one real candidate is fine. */
  const ZipEntry mixed[] = {
    { "ELEVES.XML", "<upper/>", -1, FALSE },
    { "eleves.xml.bak", "<bak/>", -1, FALSE },
    { "dir/.xml", "<nobase/>", -1, FALSE },
    { "dir/x.xml", SMALL_XML, -1, FALSE },
  };

  check_zip_rejected (only_upper, G_N_ELEMENTS (only_upper));
  check_zip_rejected (others, G_N_ELEMENTS (others));
  check_zip_picks (mixed, G_N_ELEMENTS (mixed), SMALL_XML);
}

static void
test_zip_two_candidates (void)
{
  const ZipEntry two[] = {
    { "ElevesSansAdresses.xml", SMALL_XML, -1, FALSE },
    { "Nomenclature.xml", "<BEE_NOMENCLATURES/>", -1, FALSE },
  };
  const ZipEntry two_nested[] = {
    { "a/ElevesSansAdresses.xml", SMALL_XML, -1, FALSE },
    { "b/ElevesSansAdresses.xml", SMALL_XML, -1, FALSE },
  };

  check_zip_rejected (two, G_N_ELEMENTS (two));
  check_zip_rejected (two_nested, G_N_ELEMENTS (two_nested));
}

static void
test_zip_no_entry (void)
{
  /* An archive with no entry at all: just the end-of-central-directory. */
  static const char empty_zip[22] = "PK\5\6";
  g_autofree char *path = temp_file ("empty.zip", empty_zip, sizeof empty_zip);
  const ZipEntry folder_only[] = { { "export/", NULL, 0, FALSE } };
  const ZipEntry text_only[] = { { "lisez-moi.txt", "bonjour", -1, FALSE } };

  assert_open_fails (path, ORGA_IMPORT_CODE_INVALID_FILE);
  check_zip_rejected (folder_only, G_N_ELEMENTS (folder_only));
  check_zip_rejected (text_only, G_N_ELEMENTS (text_only));
}

static void
test_zip_empty_folder (void)
{
  const ZipEntry entries[] = {
    { "vide/", NULL, 0, FALSE },
    { "ElevesSansAdresses.xml", SMALL_XML, -1, FALSE },
  };

  check_zip_picks (entries, G_N_ELEMENTS (entries), SMALL_XML);
}

static void
test_zip_stored (void)
{
  g_autofree char *data = big_xml (100 * 1024);
  const ZipEntry entries[] = { { "ElevesSansAdresses.xml", data, -1, TRUE } };
  g_autofree char *path = make_zip ("stored.zip", entries, G_N_ELEMENTS (entries));
  g_autoptr(OrgaImportSource) source = open_ok (path);
  g_autoptr(GBytes) bytes = NULL;
  zip_t *za;
  zip_stat_t st;
  int zerr = 0;

  /* It really is stored. */
  za = zip_open (path, ZIP_RDONLY, &zerr);
  g_assert_nonnull (za);
  g_assert_cmpint (zip_stat_index (za, 0, 0, &st), ==, 0);
  g_assert_cmpint (st.comp_method, ==, ZIP_CM_STORE);
  zip_discard (za);

  bytes = read_everything (source);
  assert_bytes_equal (bytes, data, strlen (data));
}

static void
test_zip_deflated_big (void)
{
  g_autofree char *data = big_xml (3 * 1024 * 1024);
  const ZipEntry entries[] = { { "ElevesSansAdresses.xml", data, -1, FALSE } };
  g_autofree char *path = make_zip ("big.zip", entries, G_N_ELEMENTS (entries));
  g_autoptr(OrgaImportSource) source = open_ok (path);
  g_autoptr(GBytes) bytes = read_everything (source);

  assert_bytes_equal (bytes, data, strlen (data));
  g_assert_cmpfloat (orga_import_source_get_fraction (source), ==, 1.0);
}

static void
test_zip_corrupt (void)
{
  const ZipEntry entries[] = { { "ElevesSansAdresses.xml", SMALL_XML, -1, FALSE } };
  g_autofree char *path = make_zip ("good.zip", entries, G_N_ELEMENTS (entries));
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));

  /* Cut in half: no central directory. */
  {
    g_autofree char *cut = temp_file ("cut.zip", contents, len / 2);
    assert_open_fails (cut, ORGA_IMPORT_CODE_INVALID_FILE);
  }
  /* Only the signature, then garbage. */
  {
    g_autofree char *garbage = temp_file ("garbage.zip", "PK\3\4 this is not an archive at all", -1);
    assert_open_fails (garbage, ORGA_IMPORT_CODE_INVALID_FILE);
  }
  /* The central directory is damaged. */
  {
    g_autofree char *copy = g_memdup2 (contents, len);
    g_autofree char *bad = NULL;
    char *cd = NULL;

    for (gsize i = len - 4; i > 0; i--)
      if (memcmp (copy + i, "PK\1\2", 4) == 0)
        {
          cd = copy + i;
          break;
        }
    g_assert_nonnull (cd);
    memset (cd, 'X', 20);
    bad = temp_file ("bad-cd.zip", copy, len);
    assert_open_fails (bad, ORGA_IMPORT_CODE_INVALID_FILE);
  }
  /* The compressed data is damaged: the small entry is read whole at open
   * time (to sniff it), so the damage shows there. */
  {
    g_autofree char *copy = g_memdup2 (contents, len);
    g_autofree char *bad = NULL;
    guint name_len = (guint8)copy[26] | ((guint8)copy[27] << 8);
    guint extra_len = (guint8)copy[28] | ((guint8)copy[29] << 8);
    gsize data_start = 30 + name_len + extra_len;

    for (gsize i = data_start + 10; i < data_start + 40; i++)
      copy[i] ^= 0x5A;
    bad = temp_file ("bad-data.zip", copy, len);
    assert_open_fails (bad, ORGA_IMPORT_CODE_INVALID_FILE);
  }
}

/* Damage far into a big entry only shows while reading; the SIECLE parser
 * turns it into INVALID_FILE. */
static void
test_zip_corrupt_late (void)
{
  g_autofree char *data = big_xml (2 * 1024 * 1024);
  const ZipEntry entries[] = { { "ElevesSansAdresses.xml", data, -1, FALSE } };
  g_autofree char *path = make_zip ("late.zip", entries, G_N_ELEMENTS (entries));
  g_autofree char *contents = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(OrgaImportSource) source = NULL;
  g_autoptr(OrgaImportSource) source2 = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  for (gsize i = len * 3 / 4; i < len * 3 / 4 + 64; i++)
    contents[i] ^= 0xA5;
  bad = temp_file ("late-bad.zip", contents, len);

  source = open_ok (bad);
  bytes = orga_import_source_read_all (source, G_MAXSIZE, NULL, &error);
  g_assert_null (bytes);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));

  source2 = open_ok (bad);
  g_clear_error (&error);
  g_assert_true (orga_siecle_parser_parse (set, source2, "123ABC", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (orga_test_has_error (set, ORGA_IMPORT_CODE_INVALID_FILE, 0));
}

static void
test_zip_encrypted (void)
{
  g_autofree char *path = temp_file ("secret.zip", "", 0);
  zip_t *za;
  zip_source_t *src;
  zip_int64_t index;
  int zerr = 0;

  za = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
  g_assert_nonnull (za);
  src = zip_source_buffer (za, SMALL_XML, strlen (SMALL_XML), 0);
  index = zip_file_add (za, "ElevesSansAdresses.xml", src, 0);
  g_assert_cmpint (index, >=, 0);
  if (zip_file_set_encryption (za, index, ZIP_EM_AES_256, "secret") != 0)
    {
      zip_discard (za);
      g_test_skip ("this libzip cannot encrypt");
      return;
    }
  g_assert_cmpint (zip_close (za), ==, 0);

  assert_open_fails (path, ORGA_IMPORT_CODE_INVALID_FILE);
}

/* ------------------------------------------------------------------ */
/* hostile archives                                                     */
/* ------------------------------------------------------------------ */

/* 200 MB of spaces after an XML start, deflated to a few hundred KB. */
static const char bomb_script[] =
  "import sys, zipfile\n"
  "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n"
  "    with z.open('ElevesSansAdresses.xml', 'w') as f:\n"
  "        f.write(b'<?xml version=\"1.0\"?>\\n<BEE_ELEVES>')\n"
  "        chunk = b' ' * (1 << 20)\n"
  "        for i in range(200):\n"
  "            f.write(chunk)\n"
  "        f.write(b'</BEE_ELEVES>\\n')\n";

static char *bomb_path;

static const char *
make_bomb (void)
{
  if (bomb_path == NULL)
    {
      bomb_path = temp_file ("bomb.zip", "", 0);
      run_python (bomb_script, bomb_path);
    }

  return bomb_path;
}

static void
test_zip_bomb (void)
{
  const char *path = make_bomb ();
  struct stat st;
  glong rss_before = max_rss_kib ();
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 2 * 1024 * 1024);

  assert_open_fails (path, ORGA_IMPORT_CODE_INVALID_FILE);
  elapsed = g_get_monotonic_time () - start;

  g_test_message ("bomb refused in %" G_GINT64_FORMAT " µs, peak RSS %ld -> %ld KiB",
                  elapsed, rss_before, max_rss_kib ());
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC);
  g_assert_cmpint (max_rss_kib () - rss_before, <, 32 * 1024);
}

/* Sets the uncompressed size of the only entry, in the local header and in
 * the central directory alike, to @size. */
static void
patch_declared_size (char   *zip,
                     gsize   len,
                     guint32 size)
{
  char *cd = NULL;
  guint8 le[4] = { size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, (size >> 24) & 0xff };

  g_assert_true (memcmp (zip, "PK\3\4", 4) == 0);
  g_assert_cmpint (zip[6] & 0x08, ==, 0);   /* sizes are in the local header */
  memcpy (zip + 22, le, 4);

  for (gsize i = len - 4; i > 0; i--)
    if (memcmp (zip + i, "PK\1\2", 4) == 0)
      {
        cd = zip + i;
        break;
      }
  g_assert_nonnull (cd);
  memcpy (cd + 24, le, 4);
}

static void
check_lying_size (const char *path,
                  guint32     declared)
{
  g_autoptr(OrgaImportSource) source = open_ok (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(OrgaImportSource) source2 = NULL;
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  guint8 buffer[64 * 1024];
  guint64 total = 0;
  gssize n;

  /* Reading stops with an error, never past what the archive declared. */
  while ((n = orga_import_source_read (source, buffer, sizeof buffer, NULL, &error)) > 0)
    total += n;
  g_test_message ("declared %u, delivered %" G_GUINT64_FORMAT " before: %s",
                  declared, total, error ? error->message : "(end)");
  g_assert_cmpint (n, ==, -1);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_assert_cmpuint (total, <=, declared);

  g_clear_error (&error);
  source2 = open_ok (path);
  bytes = orga_import_source_read_all (source2, G_MAXSIZE, NULL, &error);
  g_assert_null (bytes);
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_clear_object (&source2);
  source2 = open_ok (path);
  g_assert_true (orga_siecle_parser_parse (set, source2, "123ABC", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (orga_test_has_error (set, ORGA_IMPORT_CODE_INVALID_FILE, 0));
}

static void
test_zip_lying_size (void)
{
  g_autofree char *data = big_xml (100 * 1024);
  const ZipEntry deflated[] = { { "ElevesSansAdresses.xml", data, -1, FALSE } };
  g_autofree char *path = make_zip ("liar.zip", deflated, G_N_ELEMENTS (deflated));
  g_autofree char *contents = NULL;
  g_autofree char *liar = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  patch_declared_size (contents, len, 10 * 1024);
  liar = temp_file ("liar-patched.zip", contents, len);
  check_lying_size (liar, 10 * 1024);

  /* The same lie about a stored entry. */
  {
    const ZipEntry stored[] = { { "ElevesSansAdresses.xml", data, -1, TRUE } };
    g_autofree char *stored_path = make_zip ("liar-stored.zip", stored, G_N_ELEMENTS (stored));
    g_autofree char *stored_contents = NULL;
    g_autofree char *stored_liar = NULL;
    gsize stored_len;

    g_assert_true (g_file_get_contents (stored_path, &stored_contents, &stored_len, NULL));
    patch_declared_size (stored_contents, stored_len, 10 * 1024);
    stored_liar = temp_file ("liar-stored-patched.zip", stored_contents, stored_len);
    check_lying_size (stored_liar, 10 * 1024);
  }
}

/* The bomb again, now declaring 1 MiB: it passes the open-time checks and
 * must be stopped while reading, without inflating 200 MB. */
static void
test_zip_bomb_lying_size (void)
{
  const char *path = make_bomb ();
  g_autofree char *contents = NULL;
  g_autofree char *liar = NULL;
  gsize len;
  glong rss_before;
  gint64 start;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  patch_declared_size (contents, len, 1024 * 1024);
  liar = temp_file ("bomb-liar.zip", contents, len);

  rss_before = max_rss_kib ();
  start = g_get_monotonic_time ();
  check_lying_size (liar, 1024 * 1024);
  g_test_message ("peak RSS %ld -> %ld KiB", rss_before, max_rss_kib ());
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (max_rss_kib () - rss_before, <, 32 * 1024);
}

/* ------------------------------------------------------------------ */
/* reading                                                              */
/* ------------------------------------------------------------------ */

static void
test_read_small_chunks (void)
{
  g_autofree char *data = big_xml (10000);
  g_autofree char *path = temp_file ("chunks.xml", data, -1);
  g_autoptr(OrgaImportSource) source = open_ok (path);
  g_autoptr(GByteArray) got = g_byte_array_new ();
  guint8 buffer[7];
  gssize n;
  gsize head_len;

  /* The head is at most 4 KiB and is replayed first. */
  orga_import_source_peek_head (source, &head_len);
  g_assert_cmpuint (head_len, ==, 4096);

  while ((n = orga_import_source_read (source, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_byte_array_append (got, buffer, n);
  g_assert_cmpint (n, ==, 0);
  g_assert_cmpuint (got->len, ==, strlen (data));
  g_assert_true (memcmp (got->data, data, got->len) == 0);

  /* At the end it keeps saying so. */
  g_assert_cmpint (orga_import_source_read (source, buffer, sizeof buffer, NULL, NULL), ==, 0);
}

static void
test_read_all_max_size (void)
{
  g_autofree char *data = big_xml (200000);
  gsize len = strlen (data);
  g_autofree char *path = temp_file ("max.xml", data, len);
  const ZipEntry entries[] = { { "ElevesSansAdresses.xml", data, len, FALSE } };
  g_autofree char *zip_path = make_zip ("max.zip", entries, G_N_ELEMENTS (entries));
  const char *paths[] = { path, zip_path };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(OrgaImportSource) too_small = open_ok (paths[i]);
      g_autoptr(OrgaImportSource) one_less = open_ok (paths[i]);
      g_autoptr(OrgaImportSource) exact = open_ok (paths[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;

      bytes = orga_import_source_read_all (too_small, 100000, NULL, &error);
      g_assert_null (bytes);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
      g_assert_cmpstr (error->message, !=, "");
      g_clear_error (&error);

      bytes = orga_import_source_read_all (one_less, len - 1, NULL, &error);
      g_assert_null (bytes);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
      g_clear_error (&error);

      bytes = orga_import_source_read_all (exact, len, NULL, &error);
      g_assert_no_error (error);
      assert_bytes_equal (bytes, data, len);
    }
}

static void
check_fraction (const char *path,
                gsize       size)
{
  g_autoptr(OrgaImportSource) source = open_ok (path);
  guint8 buffer[1000];
  double previous = 0.0;
  gboolean seen_middle = FALSE;
  gsize total = 0;
  gssize n;

  g_assert_cmpfloat (orga_import_source_get_fraction (source), ==, 0.0);

  while ((n = orga_import_source_read (source, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      double f = orga_import_source_get_fraction (source);

      total += n;
      g_assert_cmpfloat (f, >=, previous);
      g_assert_cmpfloat (f, <=, 1.0);
      g_assert_cmpfloat_with_epsilon (f, (double)total / size, 1e-5);
      if (f > 0.4 && f < 0.6)
        seen_middle = TRUE;
      previous = f;
    }
  g_assert_cmpint (n, ==, 0);
  g_assert_cmpuint (total, ==, size);
  g_assert_true (seen_middle);
  g_assert_cmpfloat (orga_import_source_get_fraction (source), ==, 1.0);
}

static void
test_read_fraction (void)
{
  g_autofree char *data = big_xml (50000);
  gsize len = strlen (data);
  g_autofree char *path = temp_file ("fraction.xml", data, len);
  const ZipEntry entries[] = { { "ElevesSansAdresses.xml", data, len, FALSE } };
  g_autofree char *zip_path = make_zip ("fraction.zip", entries, G_N_ELEMENTS (entries));

  /* For a zip, progress is through the XML inside, not the archive. */
  check_fraction (path, len);
  check_fraction (zip_path, len);
}

static void
test_read_cancelled (void)
{
  g_autofree char *path = temp_file ("cancel.xml", SMALL_XML, -1);
  g_autoptr(OrgaImportSource) source = open_ok (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint8 buffer[16];

  g_cancellable_cancel (cancellable);
  g_assert_cmpint (orga_import_source_read (source, buffer, sizeof buffer, cancellable, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  bytes = orga_import_source_read_all (source, G_MAXSIZE, cancellable, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (orga_import_source_get_fraction (source), ==, 0.0);
}

static void
free_bomb_path (void)
{
  g_clear_pointer (&bomb_path, g_free);
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);
  atexit (free_bomb_path);

  g_test_add_func ("/import-source/detect/xml-named-csv", test_detect_xml_named_csv);
  g_test_add_func ("/import-source/detect/csv-named-xml", test_detect_csv_named_xml);
  g_test_add_func ("/import-source/detect/xml-variants", test_detect_xml_variants);
  g_test_add_func ("/import-source/detect/zip-named-xml", test_detect_zip_named_xml);
  g_test_add_func ("/import-source/detect/empty", test_detect_empty);
  g_test_add_func ("/import-source/detect/nul-bytes", test_detect_nul_bytes);
  g_test_add_func ("/import-source/detect/not-a-file", test_detect_not_a_file);

  g_test_add_func ("/import-source/zip/single-entry", test_zip_single_entry);
  g_test_add_func ("/import-source/zip/nested-folder", test_zip_nested_folder);
  g_test_add_func ("/import-source/zip/hidden-skipped", test_zip_hidden_skipped);
  g_test_add_func ("/import-source/zip/name-rules", test_zip_name_rules);
  g_test_add_func ("/import-source/zip/two-candidates", test_zip_two_candidates);
  g_test_add_func ("/import-source/zip/no-entry", test_zip_no_entry);
  g_test_add_func ("/import-source/zip/empty-folder", test_zip_empty_folder);
  g_test_add_func ("/import-source/zip/stored", test_zip_stored);
  g_test_add_func ("/import-source/zip/deflated-big", test_zip_deflated_big);
  g_test_add_func ("/import-source/zip/corrupt", test_zip_corrupt);
  g_test_add_func ("/import-source/zip/corrupt-late", test_zip_corrupt_late);
  g_test_add_func ("/import-source/zip/encrypted", test_zip_encrypted);
  g_test_add_func ("/import-source/zip/bomb", test_zip_bomb);
  g_test_add_func ("/import-source/zip/lying-size", test_zip_lying_size);
  g_test_add_func ("/import-source/zip/bomb-lying-size", test_zip_bomb_lying_size);

  g_test_add_func ("/import-source/read/small-chunks", test_read_small_chunks);
  g_test_add_func ("/import-source/read/all-max-size", test_read_all_max_size);
  g_test_add_func ("/import-source/read/fraction", test_read_fraction);
  g_test_add_func ("/import-source/read/cancelled", test_read_cancelled);

  return g_test_run ();
}
