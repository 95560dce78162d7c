"""Cross-language concept lexicon (Turkish, Greek, Greeklish, English) for near-duplicate
detection: "patlak boru", "su borusu patladı", "έσπασε ο αγωγός" and "burst pipe" all give
the concepts {pipe, broken(, burst)}, so a short tweet and a long email about one burst
main meet on concepts even when they share no word.

Entries are folded like the text (textfold.fold: no accents, lower case, ı->i, ς->σ).
A trailing "*" is a prefix (Turkish and Greek inflect: borusu, borudan; αγωγός, αγωγού);
an entry with a space is a phrase matched on whole tokens; anything else is an exact token.

Kinds and weights (weighted containment in similarity.py):
  generic  0.5  present in most reports of a department (water in water-sewer): weak evidence
  minor    1.0  a general state (broken, dark, smell)
  object   1.5  the thing concerned (pipe, tree, manhole)
  problem  2.0  what is wrong with it (burst, pothole, overflow)
Objects and problems are anchors: two reports must share a non-personal anchor to join
one incident. Personal concepts (a bill, a meter, a bulky-item appointment) are about one
household's account, so two neighbours with high bills are two requests, not one incident.
"""

from __future__ import annotations

from dataclasses import dataclass

WEIGHTS = {"generic": 0.5, "minor": 1.0, "object": 1.5, "problem": 2.0}


@dataclass(frozen=True)
class Concept:
    name: str
    kind: str
    entries: tuple[str, ...]
    personal: bool = False

    @property
    def weight(self) -> float:
        return WEIGHTS[self.kind]

    @property
    def anchor(self) -> bool:
        return self.kind in ("object", "problem")


def _c(name: str, kind: str, entries: str, personal: bool = False) -> Concept:
    return Concept(name, kind, tuple(e.strip() for e in entries.split(",") if e.strip()), personal)


LEXICON: tuple[Concept, ...] = (
    # generic
    _c("water", "generic", "su, suyu, suyumuz, suyun, suda, sudan, suyla, sular, sulari, νερ*, nero, nera, nerou, water*"),
    _c("road", "generic", "yol, yolu, yolda, yola, asfalt*, δρομ*, οδοστρωμ*, ασφαλτ*, dromo*, road, roads, asphalt"),
    _c("rain", "generic", "yagmur*, firtina*, ruzgar*, βροχ*, καταιγ*, αερα, rain*, storm*, wind"),
    _c("vehicle", "generic", "arac*, araba*, αυτοκινητ*, αμαξι*, amaxia, car, cars, scooter*"),
    # minor
    _c("broken", "minor", "kirik*, kirilmis, bozuk*, bozul*, ariza*, patla*, patlak*, σπασ*, εσπασ*, χαλασ*, spasei, espase, "
       "xalasmena, broken, break*, damaged, fault*, burst*"),
    _c("dark", "minor", "karanlik*, σκοταδ*, κατασκοταδ*, skotadi, dark*"),
    _c("smell", "minor", "koku*, βρωμ*, μυρωδ*, smell*, stink*"),
    _c("dirty", "minor", "pis, camur*, camur oldu, bulanik*, kahverengi, θολ*, βρωμικ*, muddy, brown, dirty, raw"),
    _c("full", "minor", "doldu, dolmus, γεμισ*, gemisan, full"),
    # objects
    _c("pipe", "object", "boru*, sebeke*, hatti, hattinda, αγωγ*, σωλην*, agogo*, solin*, pipe*, main, mains"),
    _c("sprinkler", "object", "fiskiye*, sulama*, ποτιστ*, καταιονιστ*, sprinkler*, irrigation"),
    _c("light", "object", "lamba*, aydinlatma*, isik*, isig*, λαμπ*, φωτα, φωτ*, φανοστατ*, fota, fos, light*, lamp*, streetlight*"),
    _c("traffic_signal", "object", "sinyalizasyon*, trafik*, φαναρ*, fanari*, traffic"),
    _c("garbage", "object", "cop, copler*, copleri, copu, cope, copten, cop*, σκουπιδ*, απορριμ*, skoupid*, garbage, "
       "rubbish, trash*, waste, litter"),
    _c("bin", "object", "konteyner*, kutu*, καδ*, kadoi, kadous, bin, bins, container*, dumpster*"),
    _c("tree", "object", "agac*, dal, dallar*, δεντρ*, δενδρ*, κλαδ*, dentr*, tree, trees, branch*"),
    _c("dog", "object", "kopek*, σκυλ*, skyl*, dog, dogs"),
    _c("cat", "object", "kedi*, γατ*, cat, cats"),
    _c("sewer", "object", "kanalizasyon*, lagim*, atiksu, αποχετευσ*, λυματ*, apoxeteu*, sewage, sewer*"),
    _c("drain", "object", "rogar*, mazgal*, φρεατι*, freati*, manhole*, drain*, gully"),
    _c("cover", "object", "kapak*, καπακ*, cover*, lid"),
    _c("meter", "object", "sayac*, μετρητ*, ρολοι, ρολογι, metriti*, meter, meters, reading", personal=True),
    _c("pavement", "object", "kaldirim*, πεζοδρομ*, pezodrom*, πλακ*, pavement*, sidewalk*, paving"),
    _c("tyre", "object", "lastig*, lastik*, λαστιχ*, tyre*, tire, tires"),
    _c("bus", "object", "otobus*, durag*, durak*, λεωφορει*, σταση*, bus, buses, shelter"),
    _c("playground", "object", "salincak*, kaydirak*, κουνι*, παιδικη χαρα, swing*, playground*, slide"),
    _c("debris", "object", "moloz*, hafriyat*, μπαζ*, mpaz*, οικοδομικ*, debris, rubble"),
    _c("music", "object", "muzik*, μουσικ*, music, bar, barin, bardan, μπαρ"),
    _c("furniture", "object", "masa*, sandalye*, τραπεζοκαθισμ*, τραπεζ*, tables, chairs", ),
    _c("bulky", "object", "ogkod*, ογκωδ*, στρωμ*, καναπ*, koltuk*, mattress*, sofa*, furniture", personal=True),
    _c("glass", "object", "cam, cami, camlari, τζαμ*, glass"),
    # problems
    _c("burst", "problem", "patla*, patlak*, fiskir*, puskur*, burst*, gush*, main break, spray*"),
    _c("leak", "problem", "kacak*, kacag*, sizinti*, sizdir*, kayniyor, bosa akiyor, altindan su, διαρρο*, diarro*, leak*, "
       "τρεχουν νερα, τρεχει, water everywhere, su icinde, bubbling, bubbling up"),
    _c("flood", "problem", "basti, basmis, su basti, gole, gol oldu, πλημμυρ*, plimmyr*, plimmur*, plimir*, flood*"),
    _c("pothole", "problem", "cukur*, λακκουβ*, lakkouv*, lakouv*, lakoub*, τρυπα*, trypa*, pothole*, hole, holes"),
    _c("outage", "problem", "kesik*, kesinti*, kesildi, akmiyor, sular yok, su yok, suyumuz yok, no water, "
       "no running water, outage*, without water, χωρις νερο, δεν εχουμε νερο, διακοπ*, den exoume nero"),
    _c("out_of_service", "problem", "yanmiyor, calismiyor, sonuk, σβηστ*, αναβουν, αναβει, sbista, not working, "
       "lights out, are out, been out, is out"),
    _c("overflow", "problem", "tasti, tasmis, tasiyor, tasma*, tasan, ξεχειλ*, xexeil*, overflow*"),
    _c("not_collected", "problem", "toplanmadi, toplamiyor, toplanmiyor, alinmiyor, toplay*, μαζεψ*, μαζευ*, mazeps*, "
       "mazeu*, picked up, not collected, been collected, collect, pickup, no pickup, δεν εχει περασει, "
       "δεν περασε, kimse almiyor, kaneis den ta pairnei"),
    _c("noise", "problem", "gurultu*, sesle, ses, θορυβ*, φασαρ*, noise*, noisy, loud"),
    _c("stray", "problem", "basibos*, suru*, αδεσποτ*, stray, pack"),
    _c("attack", "problem", "saldir*, isir*, kovala*, επιτιθ*, δαγκ*, chase*, chasing, bite*, bitten, attack*"),
    _c("fallen", "problem", "devril*, εσπεσε, επεσε, πεσμεν*, peftike, pesmeno, fell, fallen, brought down, uprooted"),
    _c("blocked", "problem", "tikali*, tikanik*, tikand*, βουλωμ*, βουλωσ*, φραχτ*, φρακτ*, voulom*, blocked, clogged"),
    _c("dumping", "problem", "dokulmus, doktu*, πεταξ*, πεταμεν*, petamen*, petaxan, dumped, dumping, fly tipping"),
    _c("pruning", "problem", "budama*, budan*, κλαδεμ*, kladem*, pruning, prune*, trim*"),
    _c("injured", "problem", "yarali*, yaralan*, τραυματ*, χτυπη*, xtypi*, αιμορραγ*, aimorrag*, injured, hurt, hit by, bleeding"),
    _c("bill", "problem", "fatura*, λογαριασμ*, logariasm*, bill, bills, invoice*", personal=True),
    _c("occupation", "problem", "isgal*, καταληψ*, blocking the pavement"),
    _c("missing", "problem", "yok, kayip, calinmis, calindi, λειπει, λειπουν, εκλεψαν, missing, stolen"),
    _c("collapse", "problem", "coktu, cokme*, cokmus, cokuyor, gocuk*, καθιζησ*, υποχωρ*, κατερρευσ*, collapse*, "
       "cave in, caving in, subsidence, sinkhole*"),
    _c("stuck", "problem", "takili, takildi, κολλημεν*, κολλησ*, κολλαει, stuck, jammed"),
    _c("late", "problem", "gec, gecik*, καθυστερ*, late, delay*"),
)
