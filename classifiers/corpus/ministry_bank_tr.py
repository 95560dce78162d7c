"""Turkish phrase bank of the ministry profile (format: bank_tr.py)."""

BANK = {
"pensions-insurance": """
c n emeklilik başvurum üç aydır sonuçlanmadı
c n işverenim primlerimi eksik yatırmış
c n hizmet dökümümde çalıştığım yıllar görünmüyor
i n emekli olmak için kaç gün primim olmalı
i n askerlik borçlanması nasıl yapılır
r n yaşlılık aylığı bağlanması için başvurmak istiyorum
p n sgk memuru emeklilik işlemimi çok hızlı bitirdi, teşekkürler
""",
"employment-training": """
i n işkur kurslarına nasıl başvurabilirim
r n iş arıyorum, kayıt olmak istiyorum
i n işbaşı eğitim programında ne kadar ödeme yapılıyor
c n meslek edindirme kursu iptal edildi haber verilmedi
s n gençler için yazılım kursları açılmalı
p n kurs sayesinde iş buldum, teşekkür ederim
""",
"welfare-benefits": """
c n işsizlik maaşım bu ay yatmadı
r n evde bakım maaşı için başvuru yapmak istiyorum
i n engelli aylığı ne kadar
c u kira ödeyemiyorum, evden atılacağım, yardım bağlanmadı
i n kısa çalışma ödeneğine kimler başvurabilir
""",
"labour-rights": """
c n üç aydır maaşım ödenmedi
c n işten çıkarıldım, kıdem tazminatımı vermiyorlar
c n fazla mesai ücreti ödenmiyor
c n sigortasız çalıştırılıyorum
c n yıllık iznimi kullandırmıyorlar
i n asgari ücret ne kadar oldu
""",
"equality": """
c n hamile olduğum için işten çıkarıldım
c n aynı işi yapan erkeklerden daha az maaş alıyorum
c n engelli olduğum için işe alınmadım
i n ayrımcılık şikayeti nereye yapılır
""",
"harassment-violence": """
c e müdürüm beni taciz ediyor, işe gitmeye korkuyorum
c e iş yerinde ustabaşı beni dövdü
c e patronum beni tehdit ediyor, öldürecekmiş
c n iş yerinde sürekli mobbing uyguluyorlar
c e eşim bana şiddet uyguluyor, çocuklarla kaçtım
""",
"general": """
p n bakanlığa yardımları için teşekkür ederim
i n alo 170 hattı kaçta açık
i n bakanlığın adresi nedir
s n hat daha uzun saatler açık olsun
""",
}
