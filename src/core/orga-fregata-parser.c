#include "config.h"
#include "orga-fregata-parser.h"
void
orga_fregata_parser_parse (OrgaLearnerSet *set, const guint8 *data, gsize len)
{
  orga_learner_set_set_format (set, ORGA_IMPORT_FORMAT_FREGATA_CSV);
}
