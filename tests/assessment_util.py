# assessment_util.py: what the students' tests share (issue 11)
#
# The bank's items (src/core/items/*.json) to answer rightly or wrongly,
# and the framework and catalogue read from their C tables
# (src/core/orga-framework.c, orga-target-profile.c), so that the tests
# compute the expected mastery, pix and stages by hand, apart from the
# engine that the server runs.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import glob
import json
import math
import os
import re

SOURCE_ROOT = os.environ.get('PIXORGA_SOURCE_ROOT') or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PIX_PER_LEVEL = 8
MAX_PIX = 7 * 8          # ORGA_MAX_REACHABLE_LEVEL × 8
N_COMPETENCES = 16


def _read(rel):
    with open(os.path.join(SOURCE_ROOT, rel), encoding='utf-8') as f:
        return f.read()


def _mask(expr):
    """SPAN (a, b) | D (x) … of orga-framework.c as a bit mask."""
    expr = re.sub(r'SPAN\s*\((\d+),\s*(\d+)\)', lambda m: str(
        sum(1 << (d - 1) for d in range(int(m.group(1)), int(m.group(2)) + 1))), expr)
    expr = re.sub(r'\bD\s*\((\d+)\)', lambda m: str(1 << (int(m.group(1)) - 1)), expr)
    value = 0
    for part in expr.split('|'):
        value |= int(part.strip())
    return value


class Framework:
    def __init__(self):
        text = _read('src/core/orga-framework.c')
        string = r'(?:"(?:[^"\\]|\\.)*"\s*)+'
        rx = re.compile(r'\[ORGA_TUBE_(\w+)\]\s*=\s*\{\s*"(@\w+)",\s*' + string + r',\s*' + string +
                        r',\s*(\d+),\s*(.+?),\s*(?:TRUE|FALSE),\s*(?:TRUE|FALSE)\s*\}', re.S)
        self.tubes = {}          # ORGA_TUBE id → (skill name, competence, mask)
        self.by_name = {}
        for m in rx.finditer(text):
            row = (m.group(2), int(m.group(3)), _mask(m.group(4)))
            self.tubes[m.group(1)] = row
            self.by_name[m.group(2)] = row
        assert len(self.tubes) >= 50, 'framework not read: %d tubes' % len(self.tubes)
        # Skills of difficulty d in each competence.
        self.count = {}
        for name, comp, mask in self.tubes.values():
            for d in range(1, 9):
                if mask & (1 << (d - 1)):
                    self.count[(comp, d)] = self.count.get((comp, d), 0) + 1

    def skill(self, skill):
        """'@rechercheWeb3' → (tube name, competence, difficulty)."""
        name, d = skill[:-1], int(skill[-1])
        return name, self.by_name[name][1], d

    def pix(self, skills):
        """Per competence: the pix of the validated @skills (each of
        difficulty d in competence c: 8 / the framework's count of such
        skills), capped; and the score, the sum of floors."""
        raw = [0.0] * N_COMPETENCES
        for s in skills:
            _, comp, d = self.skill(s)
            raw[comp] += PIX_PER_LEVEL / self.count[(comp, d)]
        capped = [min(p, MAX_PIX) for p in raw]
        return capped, sum(math.floor(p + 1e-9) for p in capped)


class Profile:
    """A target profile of the catalogue: its sujets (skill names with
    the targeted difficulties), its stage thresholds."""

    def __init__(self, framework, pid):
        text = _read('src/core/orga-target-profile.c')
        m = re.search(r'\{\s*"%s",\s*"(?:[^"\\]|\\.)*",.*?ROWS \((\w+)\),\s*(?:ROWS \((\w+)\)|NULL, 0)\s*\}'
                      % re.escape(pid), text, re.S)
        assert m, 'profile %s not found' % pid
        tubes_name, stages_name = m.group(1), m.group(2)
        block = re.search(r'%s\[\]\s*=\s*\{(.*?)\};' % tubes_name, text, re.S).group(1)
        self.tubes = []          # (skill name, competence, targeted mask)
        for tid, level in re.findall(r'T \((\w+),\s*(\d+)\)', block):
            name, comp, mask = framework.tubes[tid]
            self.tubes.append((name, comp, mask & ((1 << int(level)) - 1)))
        self.thresholds = []
        if stages_name:
            block = re.search(r'%s\[\]\s*=\s*\{(.*?)\n\};' % stages_name, text, re.S).group(1)
            self.thresholds = [int(t) for t in re.findall(r'\{\s*(\d+),\s*"', block)]
            self.titles = re.findall(r'\{\s*\d+,\s*"((?:[^"\\]|\\.)*)"', block)

    def targeted(self):
        out = []
        for name, comp, mask in self.tubes:
            out += ['%s%d' % (name, d) for d in range(1, 9) if mask & (1 << (d - 1))]
        return out

    def results(self, validated):
        """The participation's results bytes: per sujet, bit d-1 validated."""
        out = bytearray()
        for name, comp, mask in self.tubes:
            b = 0
            for d in range(1, 9):
                if mask & (1 << (d - 1)) and '%s%d' % (name, d) in validated:
                    b |= 1 << (d - 1)
            out.append(b)
        return bytes(out)

    def stage(self, validated_count, targeted_count):
        """Acquired stages (threshold ≤ mastery %) − 1."""
        if not self.thresholds:
            return 0
        return sum(1 for t in self.thresholds if t * targeted_count <= 100 * validated_count) - 1


class Bank:
    def __init__(self):
        self.items = {}
        for path in sorted(glob.glob(os.path.join(SOURCE_ROOT, 'src', 'core', 'items', '*.json'))):
            with open(path, encoding='utf-8') as f:
                for item in json.load(f)['items']:
                    self.items[item['id']] = item

    def form(self, item_id, right):
        """The form fields of a right or a wrong answer."""
        item = self.items[item_id]
        if item['kind'] == 'single':
            n = len(item['choices'])
            good = item['answer'][0]
            return {'reponse': str(good if right else (good + 1) % n)}
        if item['kind'] == 'multiple':
            n = len(item['choices'])
            chosen = item['answer'] if right else \
                ([i for i in range(n) if i not in item['answer']] or [0])
            return {'reponse-%d' % i: '1' for i in chosen}
        return {'reponse': item['answers'][0] if right else 'zzz réponse fausse'}

    def leaks(self, html, item_id):
        """What in @html would give the answer away: [] when nothing."""
        import html as htmlmod
        item = self.items[item_id]
        text = htmlmod.unescape(html)
        found = []
        if item['kind'] == 'short':
            # The page's words but the question's own and the progress
            # ("Question 12", "20 %"), and every attribute's value but
            # the progress bar's and the position's.
            page = re.sub(r'<style>.*?</style>', ' ', html, flags=re.S)
            page = re.sub(r'(aria-valuenow|aria-valuetext|style)="[^"]*"', ' ', page)
            page = re.sub(r'name="position" value="\d+"', ' ', page)
            values = [htmlmod.unescape(v).strip().lower() for v in re.findall(r'="([^"]*)"', page)]
            words = htmlmod.unescape(re.sub(r'<[^>]+>', ' ', page))
            words = words.replace(item['question'], ' ')
            words = re.sub(r'Question \d+|Avancement : \d+\u202f%', ' ', words)
            for a in item['answers']:
                a = a.strip()
                if not a:
                    continue
                if a.lower() in values:
                    found.append('accepted answer %r as an attribute' % a)
                if re.search(r'(?<!\w)%s(?!\w)' % re.escape(a), words, re.I) and \
                        not re.search(r'(?<!\w)%s(?!\w)' % re.escape(a), item['question'], re.I):
                    found.append('accepted answer %r in the page' % a)
        else:
            # Every choice the same markup but its index: nothing marks
            # the right ones (no attribute, no class, no order).
            inputs = re.findall(r'<input type="(?:radio|checkbox)"[^>]*>', html)
            kind = 'radio' if item['kind'] == 'single' else 'checkbox'
            for i, tag in enumerate(inputs):
                if item['kind'] == 'single':
                    expected = ('<input type="radio" id="reponse-%d" name="reponse" value="%d">' % (i, i))
                else:
                    expected = ('<input type="checkbox" id="reponse-%d" name="reponse-%d" value="1">' % (i, i))
                if tag != expected:
                    found.append('choice %d marked: %s' % (i, tag))
            if len(inputs) != len(item['choices']):
                found.append('%d %s inputs for %d choices' % (len(inputs), kind, len(item['choices'])))
        for word in ('"answer"', 'data-answer', 'data-correct', 'data-right'):
            if word in html:
                found.append('%s in the page' % word)
        return found
