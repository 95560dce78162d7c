/* Interface strings in Turkish, Greek and English. Data (the citizen's text) is never translated. */
"use strict";
const I18N = {
  en: {
    "lang": "Language", "signout": "Sign out", "signin.title": "Sign in", "signin.key": "API key", "signin.go": "Sign in",
    "signin.bad": "This key is not accepted.", "nav.feed": "Live feed", "nav.search": "Search", "nav.overview": "Overview",
    "feed.urgent": "Urgent lane", "feed.new": "New requests", "feed.none_urgent": "No urgent requests.",
    "feed.live": "Live: updated every second.", "feed.lost": "Connection lost; retrying…",
    "f.citizen": "Citizen (phone, e-mail, @handle)", "f.neighbourhood": "Neighbourhood", "f.q": "Text",
    "f.department": "Department", "f.urgency": "Urgency", "f.channel": "Channel", "f.status": "Status", "any": "Any",
    "search.go": "Search", "search.more": "More", "search.total": "{n} requests",
    "col.number": "No.", "col.channel": "Channel", "col.text": "Message", "col.department": "Department",
    "col.urgency": "Urgency", "col.status": "Status", "col.age": "Age", "col.target": "Target",
    "target.overdue": "overdue", "target.soon": "due soon", "target.ok": "on time", "target.none": "—", "target.done": "answered",
    "back": "← Back", "d.attachments": "Attachments", "d.classification": "Classification",
    "d.related": "Duplicates and incident", "d.history": "Status history", "d.timeline": "Citizen timeline",
    "d.none": "None", "d.department": "Department", "d.type": "Type", "d.urgency": "Urgency", "d.confidence": "Confidence",
    "d.review": "Needs review", "d.reasons": "Reasons", "d.corrections": "Corrections", "d.confirmed": "confirmed", "d.duplicate_of": "Duplicate of", "d.duplicates": "Duplicates",
    "d.incident": "Incident", "d.reports": "{n} reports", "d.masked": "Not available: the citizen's identity is masked for this role.",
    "d.received": "received {t} via {c}", "yes": "yes", "no": "no",
    "a.status": "Change status", "a.note": "Note (optional)", "a.apply": "Apply", "a.correct": "Correct the classification",
    "a.keep": "(keep)", "a.save": "Save correction", "a.reply": "Reply to the citizen", "a.send": "Send",
    "a.reply_via": "Goes out on {c} to {to}.", "a.done_status": "Status change sent: {s}.",
    "a.done_correct": "Correction saved; it will be used in the next training.", "a.done_reply": "Reply queued on {c}.",
    "a.failed": "Refused: {e}",
    "o.volume": "Requests per channel over time", "o.departments": "Load and overdue per department",
    "o.map": "Requests per neighbourhood", "o.satisfaction": "Satisfaction scores", "o.total": "Requests",
    "o.open": "Open", "o.overdue": "Overdue", "o.target": "Answered within target", "o.sat": "Average satisfaction",
    "o.open_legend": "open", "o.overdue_legend": "overdue", "o.nodata": "No data yet.",
    "o.answers": "Satisfaction answers", "o.n_answers": "Answers", "o.avg": "Average", "o.distribution": "Scores", "o.sat_by_dept": "Per department",
    "d.satisfaction": "Citizen's satisfaction", "d.sat_answer": "{s}/5, answered on {c}, {t}", "d.sat_message": "the answer",
    "d.answer_to": "Satisfaction answer to request", "d.sat_none": "Not rated (yet).",
    "age.m": "{n} min", "age.h": "{n} h", "age.d": "{n} d",
  },
  tr: {
    "lang": "Dil", "signout": "Çıkış", "signin.title": "Giriş", "signin.key": "API anahtarı", "signin.go": "Giriş yap",
    "signin.bad": "Bu anahtar kabul edilmedi.", "nav.feed": "Canlı akış", "nav.search": "Arama", "nav.overview": "Genel bakış",
    "feed.urgent": "Acil şerit", "feed.new": "Yeni talepler", "feed.none_urgent": "Acil talep yok.",
    "feed.live": "Canlı: her saniye güncellenir.", "feed.lost": "Bağlantı koptu; yeniden deneniyor…",
    "f.citizen": "Vatandaş (telefon, e-posta, @kullanıcı)", "f.neighbourhood": "Mahalle", "f.q": "Metin",
    "f.department": "Birim", "f.urgency": "Aciliyet", "f.channel": "Kanal", "f.status": "Durum", "any": "Tümü",
    "search.go": "Ara", "search.more": "Daha fazla", "search.total": "{n} talep",
    "col.number": "No", "col.channel": "Kanal", "col.text": "Mesaj", "col.department": "Birim",
    "col.urgency": "Aciliyet", "col.status": "Durum", "col.age": "Süre", "col.target": "Hedef",
    "target.overdue": "gecikmiş", "target.soon": "süresi doluyor", "target.ok": "süresinde", "target.none": "—", "target.done": "yanıtlandı",
    "back": "← Geri", "d.attachments": "Ekler", "d.classification": "Sınıflandırma",
    "d.related": "Mükerrerler ve olay", "d.history": "Durum geçmişi", "d.timeline": "Vatandaşın geçmişi",
    "d.none": "Yok", "d.department": "Birim", "d.type": "Tür", "d.urgency": "Aciliyet", "d.confidence": "Güven",
    "d.review": "İnceleme gerekli", "d.reasons": "Gerekçeler", "d.corrections": "Düzeltmeler", "d.confirmed": "onaylandı", "d.duplicate_of": "Mükerreri olduğu", "d.duplicates": "Mükerrerler",
    "d.incident": "Olay", "d.reports": "{n} bildirim", "d.masked": "Gösterilemiyor: vatandaşın kimliği bu rol için maskeli.",
    "d.received": "{t} tarihinde {c} üzerinden alındı", "yes": "evet", "no": "hayır",
    "a.status": "Durumu değiştir", "a.note": "Not (isteğe bağlı)", "a.apply": "Uygula", "a.correct": "Sınıflandırmayı düzelt",
    "a.keep": "(aynı kalsın)", "a.save": "Düzeltmeyi kaydet", "a.reply": "Vatandaşa yanıt ver", "a.send": "Gönder",
    "a.reply_via": "{c} üzerinden {to} adresine gider.", "a.done_status": "Durum değişikliği gönderildi: {s}.",
    "a.done_correct": "Düzeltme kaydedildi; bir sonraki eğitimde kullanılacak.", "a.done_reply": "Yanıt {c} kuyruğuna alındı.",
    "a.failed": "Reddedildi: {e}",
    "o.volume": "Kanallara göre talep sayısı", "o.departments": "Birimlere göre yük ve gecikme",
    "o.map": "Mahallelere göre talepler", "o.satisfaction": "Memnuniyet puanları", "o.total": "Talep",
    "o.open": "Açık", "o.overdue": "Gecikmiş", "o.target": "Hedef sürede yanıtlanan", "o.sat": "Ortalama memnuniyet",
    "o.open_legend": "açık", "o.overdue_legend": "gecikmiş", "o.nodata": "Henüz veri yok.",
    "o.answers": "Memnuniyet yanıtı", "o.n_answers": "Yanıt", "o.avg": "Ortalama", "o.distribution": "Puanlar", "o.sat_by_dept": "Birimlere göre",
    "d.satisfaction": "Vatandaş memnuniyeti", "d.sat_answer": "{s}/5, {c} üzerinden yanıtlandı, {t}", "d.sat_message": "yanıt mesajı",
    "d.answer_to": "Memnuniyet yanıtı; puanlanan talep", "d.sat_none": "(Henüz) puanlanmadı.",
    "age.m": "{n} dk", "age.h": "{n} sa", "age.d": "{n} gün",
  },
  el: {
    "lang": "Γλώσσα", "signout": "Αποσύνδεση", "signin.title": "Σύνδεση", "signin.key": "Κλειδί API", "signin.go": "Σύνδεση",
    "signin.bad": "Το κλειδί δεν έγινε δεκτό.", "nav.feed": "Ζωντανή ροή", "nav.search": "Αναζήτηση", "nav.overview": "Επισκόπηση",
    "feed.urgent": "Επείγοντα", "feed.new": "Νέα αιτήματα", "feed.none_urgent": "Κανένα επείγον αίτημα.",
    "feed.live": "Ζωντανά: ενημέρωση κάθε δευτερόλεπτο.", "feed.lost": "Η σύνδεση χάθηκε· νέα προσπάθεια…",
    "f.citizen": "Πολίτης (τηλέφωνο, e-mail, @χρήστης)", "f.neighbourhood": "Γειτονιά", "f.q": "Κείμενο",
    "f.department": "Υπηρεσία", "f.urgency": "Επείγον", "f.channel": "Κανάλι", "f.status": "Κατάσταση", "any": "Όλα",
    "search.go": "Αναζήτηση", "search.more": "Περισσότερα", "search.total": "{n} αιτήματα",
    "col.number": "Αρ.", "col.channel": "Κανάλι", "col.text": "Μήνυμα", "col.department": "Υπηρεσία",
    "col.urgency": "Επείγον", "col.status": "Κατάσταση", "col.age": "Ηλικία", "col.target": "Προθεσμία",
    "target.overdue": "εκπρόθεσμο", "target.soon": "λήγει σύντομα", "target.ok": "εντός προθεσμίας", "target.none": "—", "target.done": "απαντήθηκε",
    "back": "← Πίσω", "d.attachments": "Συνημμένα", "d.classification": "Ταξινόμηση",
    "d.related": "Διπλότυπα και συμβάν", "d.history": "Ιστορικό κατάστασης", "d.timeline": "Ιστορικό πολίτη",
    "d.none": "Κανένα", "d.department": "Υπηρεσία", "d.type": "Τύπος", "d.urgency": "Επείγον", "d.confidence": "Βεβαιότητα",
    "d.review": "Χρειάζεται έλεγχο", "d.reasons": "Αιτιολόγηση", "d.corrections": "Διορθώσεις", "d.confirmed": "επιβεβαιώθηκε", "d.duplicate_of": "Διπλότυπο του", "d.duplicates": "Διπλότυπα",
    "d.incident": "Συμβάν", "d.reports": "{n} αναφορές", "d.masked": "Μη διαθέσιμο: η ταυτότητα του πολίτη είναι κρυφή για αυτόν τον ρόλο.",
    "d.received": "ελήφθη {t} μέσω {c}", "yes": "ναι", "no": "όχι",
    "a.status": "Αλλαγή κατάστασης", "a.note": "Σημείωση (προαιρετικά)", "a.apply": "Εφαρμογή", "a.correct": "Διόρθωση ταξινόμησης",
    "a.keep": "(ως έχει)", "a.save": "Αποθήκευση διόρθωσης", "a.reply": "Απάντηση στον πολίτη", "a.send": "Αποστολή",
    "a.reply_via": "Αποστέλλεται μέσω {c} προς {to}.", "a.done_status": "Η αλλαγή κατάστασης στάλθηκε: {s}.",
    "a.done_correct": "Η διόρθωση αποθηκεύτηκε· θα χρησιμοποιηθεί στην επόμενη εκπαίδευση.", "a.done_reply": "Η απάντηση μπήκε στην ουρά ({c}).",
    "a.failed": "Απορρίφθηκε: {e}",
    "o.volume": "Αιτήματα ανά κανάλι στον χρόνο", "o.departments": "Φόρτος και εκπρόθεσμα ανά υπηρεσία",
    "o.map": "Αιτήματα ανά γειτονιά", "o.satisfaction": "Βαθμοί ικανοποίησης", "o.total": "Αιτήματα",
    "o.open": "Ανοιχτά", "o.overdue": "Εκπρόθεσμα", "o.target": "Απαντήθηκαν εντός προθεσμίας", "o.sat": "Μέση ικανοποίηση",
    "o.open_legend": "ανοιχτά", "o.overdue_legend": "εκπρόθεσμα", "o.nodata": "Δεν υπάρχουν δεδομένα ακόμη.",
    "o.answers": "Απαντήσεις ικανοποίησης", "o.n_answers": "Απαντήσεις", "o.avg": "Μέσος όρος", "o.distribution": "Βαθμοί", "o.sat_by_dept": "Ανά υπηρεσία",
    "d.satisfaction": "Ικανοποίηση του πολίτη", "d.sat_answer": "{s}/5, απάντηση μέσω {c}, {t}", "d.sat_message": "η απάντηση",
    "d.answer_to": "Απάντηση ικανοποίησης για το αίτημα", "d.sat_none": "Χωρίς βαθμολογία (ακόμη).",
    "age.m": "{n} λεπ.", "age.h": "{n} ώρ.", "age.d": "{n} ημ.",
  },
};
// Values of the schema's enums, per language.
const ENUMS = {
  status: {received: ["received", "alındı", "ελήφθη"], routed: ["routed", "yönlendirildi", "δρομολογήθηκε"],
           in_progress: ["in progress", "işlemde", "σε εξέλιξη"], resolved: ["resolved", "çözüldü", "επιλύθηκε"],
           rejected: ["rejected", "reddedildi", "απορρίφθηκε"], closed: ["closed", "kapatıldı", "έκλεισε"]},
  urgency: {normal: ["normal", "normal", "κανονική"], urgent: ["urgent", "acil", "επείγον"],
            emergency: ["emergency", "çok acil", "έκτακτο"]},
  type: {complaint: ["complaint", "şikâyet", "παράπονο"], request: ["request", "talep", "αίτημα"],
         information: ["information", "bilgi", "πληροφορία"], suggestion: ["suggestion", "öneri", "πρόταση"],
         praise: ["praise", "teşekkür", "έπαινος"]},
  channel: {sms: ["SMS"], whatsapp: ["WhatsApp"], telegram: ["Telegram"], email: ["e-mail", "e-posta", "e-mail"],
            twitter: ["X"], facebook: ["Facebook"], instagram: ["Instagram"], voice: ["voice", "telefon", "τηλέφωνο"],
            web: ["web form", "web formu", "φόρμα"]},
};
const LANGS = ["en", "tr", "el"];
let LANG = "tr";

function t(key, vars) {
  let s = (I18N[LANG] && I18N[LANG][key]) || I18N.en[key] || key;
  for (const [k, v] of Object.entries(vars || {})) s = s.replace("{" + k + "}", String(v));
  return s;
}
function tEnum(kind, value) {
  const names = (ENUMS[kind] || {})[value];
  if (!names) return value == null ? "—" : String(value);
  return names[Math.min(LANGS.indexOf(LANG), names.length - 1)] || names[0];
}
function applyI18n(root) {
  document.documentElement.lang = LANG;
  for (const el of (root || document).querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of (root || document).querySelectorAll("[data-i18n-ph]")) el.placeholder = t(el.dataset.i18nPh);
}
