#!/usr/bin/env python3
"""src/core/items/check-items.py, the item writers' offline checker.

It must read the C tables the way the core does, accept the sample bank,
name every problem of a broken one and print the coverage of a
competence; the C checker's rules are tested in test-item-bank.c.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

TESTS = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(TESTS, '..', 'src', 'core', 'items', 'check-items.py')
SAMPLE = os.path.join(TESTS, 'data', 'items-sample')
COMPETENCES = ['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '2.4', '3.1', '3.2', '3.3', '3.4',
               '4.1', '4.2', '4.3', '5.1', '5.2']


def run(*args):
    p = subprocess.run([sys.executable, TOOL] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def item(item_id, skill, **fields):
    base = {'id': item_id, 'skill': skill, 'kind': 'single', 'question': 'Q ?',
            'choices': ['a', 'b'], 'answer': [0]}
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


class CheckItems(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='pixorga-check-items-')

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, data):
        with open(os.path.join(self.dir, name), 'w', encoding='utf-8') as f:
            f.write(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False))

    def test_sample_is_clean(self):
        rc, out, err = run(SAMPLE)
        self.assertEqual(rc, 0, err)
        self.assertIn('2 file(s), 6 item(s), 0 error(s)', out)
        self.assertNotIn('error:', err)
        # Coverage gaps are warnings, errors on demand.
        self.assertIn('warning: 1.3: skill @tableur2 has 0 item(s), 2 needed', err)
        rc, out, err = run(SAMPLE, '--require-coverage')
        self.assertEqual(rc, 1)
        self.assertIn('error: 1.3: skill @tableur2 has 0 item(s), 2 needed', err)

    def test_coverage_table(self):
        rc, out, err = run(SAMPLE, '--coverage', '1.3')
        self.assertEqual(rc, 0, err)
        rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()
                if line.startswith('  @')}
        self.assertEqual(rows['@tableur1'], ['2', 'ok'])
        self.assertEqual(rows['@tableur2'], ['0', 'MISSING'])
        # @tableur goes up to 7, the catalogue to 5.
        self.assertEqual(rows['@tableur6'], ['0', 'not', 'targeted'])
        self.assertEqual(rows['@graphique4'], ['0', 'MISSING'])
        self.assertNotIn('@graphique5', rows)       # no such skill (2 3 4 6)
        self.assertEqual(len([r for r in rows if r.startswith('@tableur')]), 7)

    def test_catalogue_skills(self):
        # Every competence's file empty: every skill the catalogue targets
        # is missing; 227, as the C checker counts (test-item-bank.c).
        for c in COMPETENCES:
            self.write(c + '.json', {'competence': c, 'items': []})
        rc, out, err = run(self.dir)
        self.assertEqual(rc, 0, err)
        self.assertIn('16 file(s), 0 item(s), 0 error(s), 227 skill(s) under-covered', out)
        # @hameconnage6 only through "Protection et sécurité" (up to 6).
        self.assertIn('4.1: skill @hameconnage6 has 0 item(s)', err)
        self.assertNotIn('@rechercheWeb6', err)

    def test_problems(self):
        os.mkdir(os.path.join(self.dir, 'files'))
        self.write(os.path.join('files', 'ok.svg'), '<svg/>')
        self.write('1.1.json', {'competence': '1.1', 'items': [
            item('a', '@rechercheWeb1'),
            item('a', '@rechercheWeb1'),
            item('b', '@rechercheWeb9'),
            item('c', '@sourcesInfo1'),
            item('d', '@tableur1'),
            item('e', '@rechercheWeb1', answer=[2]),
            item('f', '@rechercheWeb1', answer=[0, 1]),
            item('g', '@rechercheWeb1', kind='multiple', answer=[1, 1]),
            item('h', '@rechercheWeb1', choices=['a']),
            item('i', '@rechercheWeb1', kind='short', choices=None, answer=None, answers=[]),
            item('j', '@rechercheWeb1', image={'file': 'absent.png', 'alt': 'x'}),
            item('k', '@rechercheWeb1', image={'file': 'ok.svg', 'alt': 'x'}),
            item('l', '@rechercheWeb1', anwser=1),
            item('m', '@rechercheWeb1', kind='essay'),
            item('n', '@rechercheWeb1', answer=[True]),
        ]})
        self.write('1.2.json', '{"competence": "1.2", "items": [')
        self.write('2.1.json', {'competence': '2.2', 'items': []})
        rc, out, err = run(self.dir)
        self.assertEqual(rc, 1)
        for expected in [
                '1.1.json: item a: duplicated id',
                "1.1.json: item b: unknown skill '@rechercheWeb9'",
                '1.1.json: item c: skill @sourcesInfo1 does not exist',
                '1.1.json: item d: skill @tableur1 belongs to competence 1.3, not 1.1',
                '1.1.json: item e: answer index 2 out of range (0 … 1)',
                '1.1.json: item f: a single item has exactly one answer index, not 2',
                '1.1.json: item g: an answer index is repeated',
                '1.1.json: item h: 1 choices: 2 to 6 expected',
                '1.1.json: item i: "answers" must be a non-empty list',
                '1.1.json: item j: image file absent.png is missing from',
                '1.1.json: item l: unknown key "anwser"',
                "1.1.json: item m: \"kind\" must be",
                '1.1.json: item n: "answer" must be a non-empty list of choice indices',
                '1.2.json: does not parse',
                '2.1.json: the file of competence 2.2 must be named 2.2.json']:
            self.assertIn('error: ' + expected, err)
        # The image that exists outside src/core/items needs no GResource entry.
        self.assertNotIn('item k', err)
        # Broken items cover nothing: only a (first), k count for @rechercheWeb1.
        rc, out, err = run(os.path.join(self.dir, '1.1.json'), '--coverage', '1.1')
        self.assertIn('@rechercheWeb1            2  ok', out)


if __name__ == '__main__':
    unittest.main(verbosity=2)
