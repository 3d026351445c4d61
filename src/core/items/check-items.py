#!/usr/bin/env python3
# check-items.py: checks the item bank's JSON files offline (issue 11)
#
# The same rules as orga_item_bank_check() in src/core/orga-item-bank.c,
# for the people who write the questions, without a build:
#
#   src/core/items/check-items.py                     every file in src/core/items/
#   src/core/items/check-items.py src/core/items/1.1.json
#   src/core/items/check-items.py --coverage 1.1      the per-skill table of 1.1
#   src/core/items/check-items.py --require-coverage  fail on a skill with < 2 items
#
# The skills (names and masks) are read from src/core/orga-framework.c and
# the catalogue's maximum levels from src/core/orga-target-profile.c, so
# the tool never lags behind the C tables. Standard library only.
#
# Exit status: 0 when no error (coverage gaps are warnings unless
# --require-coverage), 1 otherwise.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
CORE = os.path.dirname(HERE)
FILES_DIR = os.path.join(HERE, 'files')
GRESOURCE_XML = os.path.join(CORE, 'orga-core.gresource.xml')

MIN_ITEMS_PER_SKILL = 2
MIN_CHOICES = 2
MAX_CHOICES = 6
MAX_DIFFICULTY = 8
ITEM_KEYS = {'id', 'skill', 'kind', 'question', 'choices', 'answer', 'answers',
             'image', 'attachment'}


# ------------------------------------------------------------------
# the C tables
# ------------------------------------------------------------------

def strip_c(text):
    """The C source without comments and string literals' contents."""
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return text


def mask_value(expr):
    expr = re.sub(r'\bD\s*\(\s*(\d+)\s*\)', lambda m: str(1 << (int(m.group(1)) - 1)), expr)
    expr = re.sub(r'\bSPAN\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)',
                  lambda m: str(sum(1 << (d - 1) for d in range(int(m.group(1)), int(m.group(2)) + 1))),
                  expr)
    if not re.fullmatch(r'[\d\s|()]+', expr):
        raise ValueError('cannot read the skill mask %r' % expr)
    return eval(expr, {'__builtins__': {}})


def read_framework(path):
    """competences: ['1.1', …]; tubes: {enum id: (name, competence index, mask)}."""
    source = strip_c(open(path, encoding='utf-8').read())

    block = re.search(r'competences\s*\[[^\]]*\]\s*=\s*\{(.*?)\n\};', source, re.S)
    competences = re.findall(r'\{\s*"(\d\.\d)"', block.group(1))

    tubes = {}
    for m in re.finditer(r'\[ORGA_TUBE_(\w+)\]\s*=\s*\{(.*?)\}\s*,', source, re.S):
        body = m.group(2)
        name = re.match(r'\s*"(@\w+)"', body).group(1)
        body = re.sub(r'"(?:[^"\\]|\\.)*"', '', body)
        body = re.sub(r'\b(?:D|SPAN)\s*\([^)]*\)', lambda m: str(mask_value(m.group(0))), body)
        fields = [f.strip() for f in body.split(',')]
        # name, title, description (strings, now empty), competence, mask, …
        fields = [f for f in fields if f != '']
        competence = int(fields[0])
        mask = mask_value(fields[1])
        tubes[m.group(1)] = (name, competence, mask)
    if not competences or not tubes:
        raise ValueError('no competence or no tube read from ' + path)
    return competences, tubes


def read_catalogue_levels(path):
    """{enum id: the highest max_level any profile of the catalogue gives it}."""
    source = strip_c(open(path, encoding='utf-8').read())
    levels = {}
    for array in re.finditer(r'OrgaProfileTube\s+\w+\s*\[\]\s*=\s*\{(.*?)\};', source, re.S):
        for m in re.finditer(r'\bT\s*\(\s*(\w+)\s*,\s*(\d+)\s*\)', array.group(1)):
            levels[m.group(1)] = max(levels.get(m.group(1), 0), int(m.group(2)))
    return levels


class Framework:
    def __init__(self):
        self.competences, tubes = read_framework(os.path.join(CORE, 'orga-framework.c'))
        levels = read_catalogue_levels(os.path.join(CORE, 'orga-target-profile.c'))
        unknown = set(levels) - set(tubes)
        if unknown:
            raise ValueError('the catalogue names unknown tubes: ' + ', '.join(sorted(unknown)))
        # '@rechercheWeb' → (competence '1.1', existing mask, targeted mask)
        self.tubes = {}
        self.order = []
        for enum_id, (name, competence, mask) in tubes.items():
            level = levels.get(enum_id, 0)
            targeted = mask & ((1 << level) - 1)
            self.tubes[name] = (self.competences[competence], mask, targeted)
            self.order.append(name)

    def skill(self, text):
        """'@rechercheWeb3' → ('@rechercheWeb', 3), or None."""
        m = re.fullmatch(r'(@[A-Za-z]+)([1-8])', text)
        if not m or m.group(1) not in self.tubes:
            return None
        return m.group(1), int(m.group(2))


def gresource_files():
    try:
        text = open(GRESOURCE_XML, encoding='utf-8').read()
    except OSError:
        return set()
    return set(re.findall(r'<file[^>]*>\s*([^<\s]+)\s*</file>', text))


def normalize_short_answer(text):
    """orga_item_normalize_short_answer: trim, lower case, accents removed,
    inner whitespace collapsed, a final '.' dropped."""
    text = unicodedata.normalize('NFD', text)
    text = ''.join(c for c in text if not unicodedata.combining(c))
    text = text.replace('ß', 'ss').replace('œ', 'oe').replace('Œ', 'oe').replace('æ', 'ae').replace('Æ', 'ae')
    text = ' '.join(text.lower().split())
    if text.endswith('.'):
        text = text[:-1].rstrip()
    return text


# ------------------------------------------------------------------
# the files
# ------------------------------------------------------------------

class Checker:
    def __init__(self, framework):
        self.framework = framework
        self.errors = []
        self.ids = {}
        self.counts = {}            # ('@tube', difficulty) → number of items
        self.registered = gresource_files()
        self.checked_competences = []

    def error(self, where, problem):
        self.errors.append('%s: %s' % (where, problem))

    def check_file(self, path):
        base = os.path.basename(path)
        self.current_dir = os.path.dirname(os.path.abspath(path))
        try:
            with open(path, encoding='utf-8') as f:
                data = json.load(f)
        except (OSError, UnicodeDecodeError, ValueError) as e:
            self.error(base, 'does not parse: %s' % e)
            return

        if not isinstance(data, dict):
            self.error(base, 'the top level is not an object')
            return
        for key in data:
            if key not in ('competence', 'items'):
                self.error(base, 'unknown key "%s"' % key)
        competence = data.get('competence')
        if competence not in self.framework.competences:
            self.error(base, '"competence" %r is not a competence of the framework' % (competence,))
            competence = None
        elif base != competence + '.json':
            self.error(base, 'the file of competence %s must be named %s.json' % (competence, competence))
        if competence is not None:
            self.checked_competences.append(competence)
        items = data.get('items')
        if not isinstance(items, list):
            self.error(base, '"items" is not a list')
            return
        for n, item in enumerate(items):
            self.check_item(base, n, item, competence)

    def check_item(self, base, n, item, competence):
        if not isinstance(item, dict):
            self.error('%s: item #%d' % (base, n), 'not an object')
            return
        item_id = item.get('id')
        errors_before = len(self.errors)
        counted = None
        where = '%s: item %s' % (base, item_id if isinstance(item_id, str) else '#%d' % n)

        for key in item:
            if key not in ITEM_KEYS:
                self.error(where, 'unknown key "%s"' % key)

        if not isinstance(item_id, str) or not re.fullmatch(r'[A-Za-z0-9._-]+', item_id):
            self.error(where, '"id" must be a non-empty string of [A-Za-z0-9._-]')
        elif item_id in self.ids:
            self.error(where, 'duplicated id (also in %s)' % self.ids[item_id])
        else:
            self.ids[item_id] = base

        skill_text = item.get('skill')
        skill = self.framework.skill(skill_text) if isinstance(skill_text, str) else None
        if skill is None:
            self.error(where, 'unknown skill %r' % (skill_text,))
        else:
            tube_competence, mask, _ = self.framework.tubes[skill[0]]
            if not mask & (1 << (skill[1] - 1)):
                self.error(where, 'skill %s does not exist (the sujet has no difficulty %d)'
                           % (skill_text, skill[1]))
            elif competence is not None and tube_competence != competence:
                self.error(where, 'skill %s belongs to competence %s, not %s'
                           % (skill_text, tube_competence, competence))
            else:
                counted = skill

        question = item.get('question')
        if not isinstance(question, str) or not question.strip():
            self.error(where, '"question" must be a non-empty string')

        kind = item.get('kind')
        if kind in ('single', 'multiple'):
            self.check_choices(where, kind, item)
        elif kind == 'short':
            if 'choices' in item or 'answer' in item:
                self.error(where, 'a short item has "answers", not "choices" nor "answer"')
            answers = item.get('answers')
            if (not isinstance(answers, list) or not answers
                    or not all(isinstance(a, str) and normalize_short_answer(a) for a in answers)):
                self.error(where, '"answers" must be a non-empty list of non-empty strings')
        else:
            self.error(where, '"kind" must be "single", "multiple" or "short", not %r' % (kind,))

        self.check_file_ref(where, item, 'image', 'alt')
        self.check_file_ref(where, item, 'attachment', 'label')
        # A broken item is not served, so it does not cover its skill.
        if counted is not None and len(self.errors) == errors_before:
            self.counts[counted] = self.counts.get(counted, 0) + 1

    def check_choices(self, where, kind, item):
        if 'answers' in item:
            self.error(where, 'a %s item has "answer" (indices), not "answers"' % kind)
        choices = item.get('choices')
        if (not isinstance(choices, list)
                or not all(isinstance(c, str) and c.strip() for c in choices)):
            self.error(where, '"choices" must be a list of non-empty strings')
            return
        if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
            self.error(where, '%d choices: %d to %d expected' % (len(choices), MIN_CHOICES, MAX_CHOICES))
        if len(set(choices)) != len(choices):
            self.error(where, 'two choices are the same')
        answer = item.get('answer')
        if (not isinstance(answer, list) or not answer
                or not all(isinstance(a, int) and not isinstance(a, bool) for a in answer)):
            self.error(where, '"answer" must be a non-empty list of choice indices')
            return
        for a in answer:
            if not 0 <= a < len(choices):
                self.error(where, 'answer index %d out of range (0 … %d)' % (a, len(choices) - 1))
        if len(set(answer)) != len(answer):
            self.error(where, 'an answer index is repeated')
        if kind == 'single' and len(answer) != 1:
            self.error(where, 'a single item has exactly one answer index, not %d' % len(answer))

    def check_file_ref(self, where, item, key, text_key):
        if key not in item:
            return
        ref = item[key]
        if (not isinstance(ref, dict) or set(ref) != {'file', text_key}
                or not all(isinstance(v, str) and v.strip() for v in ref.values())):
            self.error(where, '"%s" must be {"file": …, "%s": …}, both non-empty' % (key, text_key))
            return
        name = ref['file']
        if '/' in name or '\\' in name or name.startswith('.'):
            self.error(where, '%s file %r: a plain file name in files/ is expected' % (key, name))
            return
        files_dir = os.path.join(self.current_dir, 'files')
        bundled = os.path.realpath(files_dir) == os.path.realpath(FILES_DIR)
        if not os.path.isfile(os.path.join(files_dir, name)):
            shown = os.path.relpath(files_dir)
            if shown.startswith('..'):
                shown = files_dir
            self.error(where, '%s file %s is missing from %s' % (key, name, shown))
        elif bundled and 'items/files/' + name not in self.registered:
            self.error(where, '%s file %s is not listed in src/core/orga-core.gresource.xml '
                       '(add <file>items/files/%s</file>)' % (key, name, name))

    def coverage(self, competence):
        """[(skill name, items, targeted)] for every skill of the competence."""
        rows = []
        for name in self.framework.order:
            tube_competence, mask, targeted = self.framework.tubes[name]
            if tube_competence != competence:
                continue
            for d in range(1, MAX_DIFFICULTY + 1):
                if mask & (1 << (d - 1)):
                    rows.append(('%s%d' % (name, d), self.counts.get((name, d), 0),
                                 bool(targeted & (1 << (d - 1)))))
        return rows


def main():
    parser = argparse.ArgumentParser(description='Check the item bank JSON files.')
    parser.add_argument('paths', nargs='*', help='files or folders (default: src/core/items/)')
    parser.add_argument('--coverage', metavar='X.Y', action='append', default=[],
                        help='print the per-skill coverage of this competence')
    parser.add_argument('--require-coverage', action='store_true',
                        help='fail when a targeted skill has fewer than 2 items')
    args = parser.parse_args()

    framework = Framework()
    checker = Checker(framework)

    paths = args.paths or [HERE]
    files = []
    for path in paths:
        if os.path.isdir(path):
            files += sorted(os.path.join(path, f) for f in os.listdir(path) if f.endswith('.json'))
        else:
            files.append(path)
    for path in files:
        checker.check_file(path)

    for competence in args.coverage:
        if competence not in framework.competences:
            checker.error(competence, 'not a competence of the framework')
            continue
        print('Coverage of %s (targeted skills need %d items):' % (competence, MIN_ITEMS_PER_SKILL))
        for skill, count, targeted in checker.coverage(competence):
            mark = ('ok' if count >= MIN_ITEMS_PER_SKILL else 'MISSING') if targeted else 'not targeted'
            print('  %-24s %2d  %s' % (skill, count, mark))

    gaps = []
    for competence in checker.checked_competences:
        for skill, count, targeted in checker.coverage(competence):
            if targeted and count < MIN_ITEMS_PER_SKILL:
                gaps.append('%s: skill %s has %d item(s), %d needed'
                            % (competence, skill, count, MIN_ITEMS_PER_SKILL))

    for line in checker.errors:
        print('error: ' + line, file=sys.stderr)
    for line in gaps:
        print(('error: ' if args.require_coverage else 'warning: ') + line, file=sys.stderr)
    print('%d file(s), %d item(s), %d error(s), %d skill(s) under-covered'
          % (len(files), len(checker.ids), len(checker.errors), len(gaps)))

    failed = checker.errors or (args.require_coverage and gaps)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
