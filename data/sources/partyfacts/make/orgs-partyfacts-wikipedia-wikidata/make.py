#!/usr/bin/env python3
"""Slice Party Facts' Wikipedia/Wikidata import tables for factgraph issue 30.

Usage: python3 make.py ORIGINAL_wikidata.csv ORIGINAL_wikipedia.csv
  (originals: hdigital/partyfactsdata @ 764de8978f84ba41a1c88752d6a00b9a4d05f599,
   import/wikipedia/wikidata.csv and import/wikipedia/wikipedia.csv)
Writes:
  wikipedia.slice.csv, wikidata.slice.csv - header + the verbatim raw lines of the selected records
  entities.csv - join of the two on partyfacts_id, accepted CSV shape:
                 wikidata,name,aliases,wikipedia,country,partyfacts_id
Selection: a Party Facts id is kept when its en.wikipedia URL title (wikipedia.csv) equals one of our dbpedia
titles, or its wikidata_id (wikidata.csv) is one of our existing ids. Name-only matches are NOT kept (they
were other parties: Motherland Party (Mongolia), Popular Front Party (Ghana)).
"""
import csv, io, sys, urllib.parse
# Selection keys copied from factgraph issue-30 entity lists (organizations.tsv, events.tsv):
# our English Wikipedia titles (dbpedia column), our labels, and the Q-ids already in the registry.
TITLES = ['1936_Constitution_of_the_Soviet_Union', '1977_Constitution_of_the_Soviet_Union', "1993_Azerbaijani_coup_d'état", '2016_Armenian–Azerbaijani_clashes', '2020_Nagorno-Karabakh_ceasefire_agreement', '2022_Kazakh_unrest', '2023_Azerbaijani_offensive_in_Nagorno-Karabakh', 'Agence_France-Presse', 'Al-Alam_News_Network', 'Al_Arabiya', 'Al_Jazeera', 'Anadolu_Agency', 'Armenian_Revolutionary_Federation', 'Armenian_genocide', 'Armenians', 'Artsakh_Defence_Army', 'Asharq_Al-Awsat', 'Askeran_clash', 'Azerbaijan_International_Operating_Company', 'Azerbaijani_Armed_Forces', 'Azerbaijani_Popular_Front_Party', 'Azerbaijanis', 'BBC', 'Baku_pogrom', 'Battle_of_Kalbajar', 'Black_January', 'Bolsheviks', 'Capture_of_Jabrayil', 'Capture_of_Shusha', 'Center_for_Eurasian_Studies', 'Charter_of_the_United_Nations', 'Collective_Security_Treaty_Organization', 'Communist_Party_of_the_Soviet_Union', 'Contract_of_the_Century', 'Council_of_Europe', 'Dissolution_of_the_Soviet_Union', 'Elaph', 'Eurasian_Economic_Union', 'European_Union', 'First_Nagorno-Karabakh_War', 'Flight_of_Nagorno-Karabakh_Armenians', 'France_24', 'Government_of_Armenia', 'Government_of_National_Accord', 'Hizb_ut-Tahrir', 'International_Committee_of_the_Red_Cross', 'Iranian_Azerbaijanis', 'Islamic_Party_of_Azerbaijan', 'Israeli–Palestinian_conflict', 'July_2020_Armenian–Azerbaijani_clashes', 'Karabakh_movement', 'Khojaly_massacre', 'Kurds', 'Ministry_for_Europe_and_Foreign_Affairs', 'Ministry_of_Defense_(Azerbaijan)', 'Ministry_of_Foreign_Affairs_(Azerbaijan)', 'Ministry_of_Foreign_Affairs_(Iran)', 'Motherland_Party_(Turkey)', 'Nagorno-Karabakh_conflict', 'National_Assembly_(Armenia)', 'National_Assembly_(Azerbaijan)', 'Nationalist_Movement_Party', 'OSCE_Minsk_Group', 'October_Revolution', 'Operation_Ring', 'Organization_for_Security_and_Co-operation_in_Europe', 'Palestine_Liberation_Organization', 'Pan-Armenian_National_Movement', 'Peace_of_Acilisene', 'Presidency_of_Bill_Clinton', 'RT_(TV_network)', 'Red_Army_invasion_of_Armenia', 'Red_Army_invasion_of_Azerbaijan', 'Republic_of_Artsakh', 'Reuters', 'Russian_Armed_Forces', 'Russian_conquest_of_the_Caucasus', 'Russian_invasion_of_Ukraine', 'Russo-Persian_War_(1804–1813)', 'Russo-Persian_War_(1826–1828)', 'Second_Libyan_Civil_War', 'Second_Nagorno-Karabakh_War', 'Secretary-General_of_the_United_Nations', 'Six-Day_War', 'Soviet_Army', 'Sputnik_(news_agency)', 'Sumgait_pogrom', 'Syrian_civil_war', 'Treaty_of_Gulistan', 'Treaty_of_Kars', 'Treaty_of_Moscow_(1921)', 'Treaty_of_Sèvres', 'Treaty_of_Turkmenchay', 'United_Nations', 'United_Nations_High_Commissioner_for_Refugees', 'United_Nations_Security_Council', 'United_Nations_Security_Council_Resolution_242', 'United_Nations_Security_Council_Resolution_822', 'United_Nations_Security_Council_Resolution_853', 'United_Nations_Security_Council_Resolution_874', 'United_Nations_Security_Council_Resolution_884', 'United_States_Congress', 'United_States_Department_of_State', 'United_States_House_Committee_on_Foreign_Affairs', 'United_States_Institute_of_Peace', 'World_War_I', 'World_War_II', 'Zurich_Protocols']
LABELS = ['1936 Constitution of the Soviet Union', '1977 Constitution of the Soviet Union', "1993 Azerbaijani coup d'état", '2016 Armenian–Azerbaijani clashes', '2020 Nagorno-Karabakh ceasefire agreement', '2022 Kazakh unrest', '2023 Azerbaijani offensive in Nagorno-Karabakh', 'Agence France-Presse', 'Al Arabiya', 'Al Jazeera', 'Al-Alam News Network', 'Anadolu Agency', 'Armenian Revolutionary Federation', 'Armenian genocide', 'Armenians', 'Artsakh Defence Army', 'Asharq Al-Awsat', 'Askeran clash', 'Azerbaijan International Operating Company', 'Azerbaijani Armed Forces', 'Azerbaijani Popular Front Party', 'Azerbaijanis', 'BBC', 'Baku pogrom', 'Battle of Kalbajar', 'Black January', 'Bolsheviks', 'Capture of Jabrayil', 'Capture of Shusha', 'Center for Eurasian Studies', 'Charter of the United Nations', 'Collective Security Treaty Organization', 'Communist Party of the Soviet Union', 'Contract of the Century', 'Council of Europe', 'Dissolution of the Soviet Union', 'Elaph', 'Eurasian Economic Union', 'European Union', 'First Nagorno-Karabakh War', 'Flight of Nagorno-Karabakh Armenians', 'France 24', 'Government of Armenia', 'Government of National Accord', 'Hizb ut-Tahrir', 'International Committee of the Red Cross', 'Iranian Azerbaijanis', 'Islamic Party of Azerbaijan', 'Israeli–Palestinian conflict', 'July 2020 Armenian–Azerbaijani clashes', 'Karabakh movement', 'Khojaly massacre', 'Kurds', 'Ministry for Europe and Foreign Affairs', 'Ministry of Defense of Azerbaijan', 'Ministry of Foreign Affairs of Azerbaijan', 'Ministry of Foreign Affairs of Iran', 'Motherland Party', 'Nagorno-Karabakh conflict', 'National Assembly of Armenia', 'National Assembly of Azerbaijan', 'Nationalist Movement Party', 'OSCE Minsk Group', 'October Revolution', 'Operation Ring', 'Organization for Security and Co-operation in Europe', 'Palestine Liberation Organization', 'Pan-Armenian National Movement', 'Peace of Acilisene', 'Presidency of Bill Clinton', 'RT (TV network)', 'Red Army invasion of Armenia', 'Red Army invasion of Azerbaijan', 'Republic of Artsakh', 'Reuters', 'Russian Armed Forces', 'Russian conquest of the Caucasus', 'Russian invasion of Ukraine', 'Russo-Persian War (1804–1813)', 'Russo-Persian War (1826–1828)', 'Second Libyan Civil War', 'Second Nagorno-Karabakh War', 'Secretary-General of the United Nations', 'Six-Day War', 'Soviet Army', 'Sputnik (news agency)', 'Sumgait pogrom', 'Syrian civil war', 'Treaty of Gulistan', 'Treaty of Kars', 'Treaty of Moscow (1921)', 'Treaty of Sèvres', 'Treaty of Turkmenchay', 'United Nations', 'United Nations High Commissioner for Refugees', 'United Nations Security Council', 'United Nations Security Council Resolution 242', 'United Nations Security Council Resolution 822', 'United Nations Security Council Resolution 853', 'United Nations Security Council Resolution 874', 'United Nations Security Council Resolution 884', 'United States Congress', 'United States Department of State', 'United States House Committee on Foreign Affairs', 'United States Institute of Peace', 'World War I', 'World War II', 'Zurich Protocols']
EXISTING_QIDS = ['Q1065', 'Q130879', 'Q131669', 'Q361', 'Q37470', 'Q40464', 'Q458', 'Q71345', 'Q81299', 'Q9531']
import unicodedata, urllib.parse
def _n(s):
    return unicodedata.normalize('NFC', urllib.parse.unquote(s or '').replace('_', ' ').strip()).casefold()
_T = {_n(t) for t in TITLES}
_L = {_n(l) for l in LABELS}
_Q = set(EXISTING_QIDS)
def title_match(t):
    return bool(t) and _n(t) in _T
def label_match(s):
    return bool(s) and _n(s) in _L
def qid_match(q):
    return q in _Q

def records(path):
    """Yield (row_dict, raw_text) with raw_text the exact original line(s) of the record."""
    lines = open(path, encoding='utf-8', newline='').read().splitlines(keepends=True)
    rd = csv.reader(io.StringIO(''.join(lines)))
    header = next(rd)
    prev = rd.line_num
    yield header, ''.join(lines[:prev])
    for row in rd:
        yield dict(zip(header, row)), ''.join(lines[prev:rd.line_num])
        prev = rd.line_num

def main(wd_path, wp_path):
    wp = list(records(wp_path)); wd = list(records(wd_path))
    keep = set()
    for row, _ in wp[1:]:
        t = urllib.parse.unquote(row['url'].rsplit('/wiki/', 1)[-1]) if '/wiki/' in row['url'] else ''
        if title_match(t):
            keep.add(row['partyfacts_id'])
    for row, _ in wd[1:]:
        if qid_match(row['wikidata_id']):
            keep.add(row['partyfacts_id'])
    for recs, out in ((wp, 'wikipedia.slice.csv'), (wd, 'wikidata.slice.csv')):
        with open(out, 'w', encoding='utf-8', newline='') as f:
            f.write(recs[0][1] + ''.join(raw for row, raw in recs[1:] if row['partyfacts_id'] in keep))
    qid = {row['partyfacts_id']: row['wikidata_id'] for row, _ in wd[1:]}
    n = 0
    with open('entities.csv', 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f)
        w.writerow(['wikidata', 'name', 'aliases', 'wikipedia', 'country', 'partyfacts_id'])
        for row, _ in wp[1:]:
            if row['partyfacts_id'] in keep:
                w.writerow([qid.get(row['partyfacts_id'], ''), row['name'],
                            '|'.join(x for x in (row['name_short'], row['name_native']) if x),
                            urllib.parse.unquote(row['url']), row['country'], row['partyfacts_id']])
                n += 1
    print(len(keep), 'Party Facts ids kept;', n, 'rows in entities.csv')

if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
