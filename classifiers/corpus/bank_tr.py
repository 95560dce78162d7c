"""Turkish phrase bank: one line per message core, "<type> <urgency> <text>".

type: c complaint, r request, s suggestion, i information, p praise.
urgency: e emergency, u urgent, n normal. The generator (generate.py) adds places,
durations, greetings, asks and channel styles around these cores.
"""

BANK = {
"public-works": """
c n sokağımızdaki çukur büyüdü, arabalar zarar görüyor
c n yolda derin bir çukur var kimse ilgilenmiyor
c n asfalt tamamen bozuldu, yol köstebek yuvası gibi
c n kaldırım taşları sökülmüş, yürümek imkansız
c n sokak lambası yanmıyor, geceleri zifiri karanlık
c n caddedeki lambaların yarısı yanmıyor
c n kaldırımlar kırık, yaşlılar düşüyor
c n yol çalışması bitti ama asfalt dökülmedi, toz toprak içindeyiz
c n parke taşları yerinden oynamış, her yer çamur
c n yağmur yağınca yol göle dönüyor, asfalt çökmüş
c u yolda çökme var, araç geçişi tehlikeli
c e yol çöktü, içine bir araba düştü, içinde insan var
c e köprünün korkulukları kopmuş, çocuklar düşebilir
c n kazı yapıldı, çukur açık bırakıldı
c n yaya geçidinin çizgileri silinmiş
c n merdivenli sokaktaki basamaklar kırık
c n aydınlatma direği eğilmiş, yamuk duruyor
c e elektrik direği yola devrildi, teller yerde
r n sokağımıza kasis yapılmasını talep ediyoruz
r n sokağımıza yeni bir lamba direği konulmasını istiyoruz
r n kaldırım yüksekliğinin engelliler için düzenlenmesini rica ediyoruz
i n yolumuzun asfaltlanması ne zaman yapılacak
i n caddede yapılan kazı ne zaman bitecek
i n fen işleri müdürlüğünün telefon numarası nedir
s n yolun iki yanına bisiklet yolu yapılsa çok iyi olur
s n kavşağa bir trafik adası yapılmasını öneriyorum
p n fen işleri ekibine teşekkürler, çukur bir günde kapatıldı
p n sokak lambamızı hemen tamir ettiniz, çok teşekkür ederiz
""",
"water-sewer": """
c u iki gündür su yok, çocuklarla perişan olduk
c n sabahtan beri sular kesik, duyuru da yapılmadı
c n musluktan çamurlu su akıyor
c n sular bulanık geliyor, içmeye korkuyoruz
c n su basıncı çok düşük, üst katlara su çıkmıyor
c u ana boru patladı, sokak su altında
c u boru patlamış, su fışkırıyor, yol göle döndü
c u kanalizasyon taştı, lağım suyu evin içine giriyor
c u bodrum katı lağım suyu bastı
c n rögar kapağından pis koku geliyor
c n mazgal tıkalı, yağmur suyu birikiyor
c e rögar kapağı yerinde yok, çocuk içine düştü
c n rögar kapağı yok, biri düşecek
c n su faturası bu ay üç katı geldi
c n su sayacı bozuk, yanlış okuyor
c n kanalizasyon tıkandı, koku dayanılmaz
c n sular her akşam kesiliyor
c n şebeke suyundan klor kokusu geliyor
r n su aboneliği açtırmak istiyorum
r n sayacımın değiştirilmesini talep ediyorum
r n foseptik çukurumuzun çekilmesini istiyoruz
i n sular ne zaman gelecek
i n su kesintisi ne kadar sürecek
i n su faturamı nereden ödeyebilirim
i n abonelik için hangi belgeler gerekiyor
s n kesintiler önceden sms ile bildirilse iyi olur
p n su arızasına gece yarısı gelip tamir ettiniz, teşekkürler
p n su işleri ekibi çok hızlıydı, ellerinize sağlık
""",
"sanitation": """
c n çöpler üç gündür alınmadı, her yer koku
c n çöp konteyneri taşıyor, kediler etrafa saçıyor
c n çöp kamyonu sokağımıza hiç uğramıyor
c n konteynerin kapağı kırık, koku yayılıyor
c n sokaklar süpürülmüyor, her yer pislik
c n pazar yerinden sonra sokak temizlenmedi
c n boş arsaya moloz döküyorlar
c n çöp toplama gece yarısı yapılıyor, gürültüden uyuyamıyoruz
c n geri dönüşüm kutusu aylardır boşaltılmadı
c n çöpçüler çöpleri yere döküp gidiyor
c n çöp konteyneri yanmış, yenisi konmadı
c e çöp konteynerinde yangın çıktı, alevler binaya sıçrıyor
r n eski eşyalarımızın alınmasını istiyoruz, koltuk ve dolap var
r n sokağımıza yeni çöp konteyneri konulmasını talep ediyoruz
r n tadilattan kalan molozun alınması için araç istiyorum
r n geri dönüşüm kutusu istiyoruz
i n çöpler hangi günler toplanıyor
i n hurda eşya toplama hizmeti ücretli mi
i n atık pil nereye bırakılıyor
s n konteynerler daha sık yıkansa koku azalır
s n her sokağa geri dönüşüm kutusu konulmalı
p n temizlik ekibine teşekkürler, sokağımız pırıl pırıl
p n çöp toplayan arkadaşlar bayramda bile çalıştı, teşekkür ederiz
""",
"municipal-police": """
c n üst kattaki komşu gece yarısı yüksek sesle müzik dinliyor
c n karşıdaki kafe gece üçe kadar gürültü yapıyor
c n seyyar satıcılar kaldırımı işgal etmiş, geçemiyoruz
c n dükkan sahibi kaldırıma masa sandalye koymuş
c n fırındaki ekmek gramajı eksik
c n markette etiket fiyatı ile kasadaki fiyat farklı
c n kasap son kullanma tarihi geçmiş et satıyor
c n lokantada hijyen berbat, mutfakta fareler var
c n ruhsatsız işyeri açılmış, gece gündüz çalışıyor
c n cami önünde dilenciler rahatsız ediyor
c n pazarda tartılar hileli, eksik tartıyorlar
c n inşaat sabah altıda çalışmaya başlıyor, gürültü yapıyor
c n düğün salonu gece ikiye kadar davul çalıyor
c n kaldırıma park eden araçlar yüzünden bebek arabasıyla yürüyemiyoruz
c n fahiş fiyat uygulanıyor, çay 50 lira
c n sokakta çocuklar dilendiriliyor
c e sokakta kavga var, birisi bıçak çekti
c e pazarda satıcılar birbirine saldırdı, yaralı var
r n zabıtanın bölgemizde denetim yapmasını istiyoruz
i n seyyar satıcılık izni nasıl alınır
i n zabıta şikayeti için nereye başvurmalıyım
i n gürültü şikayeti kaç saatten sonra yapılabilir
s n pazar yerinde zabıta kontrolleri artırılmalı
p n zabıta ekibi şikayetimizle hemen ilgilendi, teşekkürler
p n fırın denetimi yapıldı, artık ekmek tam gramajlı, sağolun
""",
"veterinary": """
c u sokakta yaralı bir köpek var, bacağı kırık
c u arabanın çarptığı kedi yolda yatıyor, yaşıyor
c n sokak köpekleri gece boyunca havlıyor
c n okul önünde başıboş köpek sürüsü dolaşıyor, çocuklar korkuyor
c e sokak köpekleri çocuğa saldırdı, ısırdı, kanıyor
c u köpek ısırdı, kuduz aşısı gerekiyor mu
c n yolun ortasında ölü bir köpek var, kokmaya başladı
c n parkta ölü kedi var
c n komşu köpeğini balkonda aç bırakıyor
c n birisi kedileri zehirliyor
c u kedi yavruları kanalın içinde mahsur kaldı
c n sokak hayvanları için konan su kapları kaldırılmış
r n sokak köpeklerinin kısırlaştırılmasını talep ediyoruz
r n evimin önündeki kedinin barınağa alınmasını istiyorum
r n kedimi ücretsiz aşılatmak istiyorum
i n sahiplendirme günleri ne zaman
i n barınaktan köpek sahiplenmek için ne gerekiyor
i n kuduz aşısı nerede yapılıyor
s n mahallelere sokak hayvanları için mama kabı konmalı
p n veteriner ekibi yaralı köpeği hemen aldı, çok teşekkürler
p n barınak çalışanlarına teşekkürler, kedimiz iyileşti
""",
"parks": """
c n parktaki banklar kırık, oturacak yer yok
c n salıncak zinciri kopmuş, çocuklar yaralanabilir
c n parkın çimleri kurumuş, hiç sulanmıyor
c n oyun parkındaki kaydırak paslanmış
c n park lambaları yanmıyor, akşamları karanlık
c n parkta ağaçlar budanmadı, dallar pencereye giriyor
c u ağaç devrildi, yolu kapattı
c u fırtınada ağaç arabanın üstüne düştü
c e çürük ağaç yürüyüş yolunun üstüne eğildi, her an düşebilir, çocuklar altında oynuyor
c e devrilen ağaç bir kişinin üstüne düştü, yaralı var
c n parktaki çeşme çalışmıyor
c n parkın tuvaletleri kilitli
c n parkın çitleri kırılmış
c n oyun alanının zemini yırtılmış
c n kurumuş ağaç dalları sokağa sarkıyor
r n sokağımızdaki ağaçların budanmasını istiyoruz
r n evimizin önüne ağaç dikilmesini talep ediyoruz
r n parka yeni bank konulmasını istiyoruz
i n parkın açılış saatleri nedir
i n ağaç dikme kampanyasına nasıl katılabilirim
s n parka köpek gezdirme alanı yapılmalı
s n parka engelliler için salıncak konulsa güzel olur
p n parkımızı yenilediniz, çocuklar çok mutlu, teşekkürler
p n park ve bahçeler ekibi çok güzel çiçekler dikti
""",
"transport": """
c n otobüs yine gelmedi, kırk dakikadır duraktayız
c n şoför durakta durmadan geçti
c n otobüs şoförü çok kaba davrandı
c n otobüsler sabahları tıklım tıklım, nefes alınmıyor
c n durakta oturak yok, yağmurda ıslanıyoruz
c n kentkart dolum makinesi bozuk
c n otobüs tarifeye uymuyor, saatler tutmuyor
c n hat iptal edilmiş, işe gidemiyoruz
c n otobüsün kliması çalışmıyor
c n şoför telefonla konuşarak araç kullanıyor
c n engelli rampası açılmıyor
c e otobüs kaza yaptı, yaralılar var
c n kartımdan iki kere ücret kesildi
r n mahallemize otobüs hattı eklenmesini istiyoruz
r n durağa sundurma yapılmasını talep ediyoruz
r n öğrenci kartı başvurusu yapmak istiyorum
i n 413 numaralı otobüs kaçta kalkıyor
i n bayramda otobüsler ücretsiz mi
i n kayıp eşya bürosu nerede, otobüste çanta unuttum
i n kentkart bakiyemi nasıl öğrenebilirim
s n gece seferleri artırılmalı
s n duraklara elektronik bilgi ekranı konulsun
p n otobüs şoförü yaşlı anneme çok yardımcı oldu, teşekkürler
p n yeni otobüsler çok temiz ve konforlu
""",
"funeral": """
r u babamız vefat etti, cenaze aracı lazım
r u annemiz bu sabah vefat etti, defin işlemleri için yardım istiyoruz
r u cenaze yıkama ve kefenleme hizmeti istiyoruz
r u dedemizin cenazesi için mezar yeri ayrılmasını istiyoruz
r u yarın cenazemiz var, taziye çadırı kurulabilir mi
c u cenaze aracı saatlerdir gelmedi, cenaze bekliyor
c n mezarlığın bakımı yapılmıyor, otlar boy vermiş
c n mezarlığın duvarı yıkılmış
c n mezar taşları kırılmış
c n mezarlıkta çeşme yok, su taşıyoruz
i n mezar yeri ücretleri ne kadar
i n cenaze nakli için hangi belgeler gerekli
i n mezarlık ziyaret saatleri nedir
s n mezarlığa otopark yapılmalı
p n cenaze hizmetleri çok ilgiliydi, acımızı paylaştılar, teşekkürler
p n cenaze işlerimizi çok hızlı hallettiniz, allah razı olsun
""",
"social-services": """
r n yaşlı annem için evde bakım hizmeti istiyoruz
r n gıda kolisi yardımı almak istiyorum, eşim işsiz
r n engelli kardeşim için tekerlekli sandalye talep ediyoruz
r u felçli babamın hastaneye nakli için hasta nakil aracı lazım
r u annem diyalize gidiyor, hasta nakil aracı istiyoruz
r n kış için kömür yardımı başvurusu yapmak istiyorum
r n çocuklarımın okul masrafları için yardım istiyorum
c e komşumuz kadına şiddet uyguluyor, çığlıklar geliyor
c e kadın sığınma evine acil yerleştirilmem gerekiyor, eşim beni tehdit ediyor
c e yan dairedeki yaşlı amca günlerdir kapıyı açmıyor, içeride düşmüş olabilir
c e sokakta donmak üzere olan evsiz bir adam var
c e küçük çocuk sokakta tek başına ağlıyor, ailesi yok
c n yardım başvurum üç aydır sonuçlanmadı
c n evde bakım personeli gelmiyor
c n aşevinden gelen yemek bozuk çıktı
i n sosyal yardım başvurusu için gerekli belgeler neler
i n engelli kartı nasıl alınır
i n aşevinin adresi nedir
s n yaşlılar için mahallede bir gündüz bakım evi açılmalı
p n evde bakım ekibi annemize çok iyi baktı, teşekkürler
p n gıda yardımı için çok teşekkür ederiz, allah razı olsun
""",
"zoning": """
c n yan parsele kaçak kat çıkılıyor
c n ruhsatsız inşaat gece gündüz devam ediyor
c e binamızın kolonlarında çatlaklar var, bina sallanıyor
c e yan bina çökmek üzere, duvarlar yarıldı
c e metruk bina yıkılıyor, içinde çocuklar oynuyor
c n karşıdaki metruk binada madde kullananlar toplanıyor
c n komşu balkonu kapatıp kaçak yapı yaptı
c n depremden sonra binamızda çatlaklar oluştu
c n imar başvurum aylardır bekliyor
c n inşaat iskeleleri kaldırımı kapatıyor
c n yapı denetimi yapılmadan iskan verilmiş
r n binamızın deprem dayanıklılık testinin yapılmasını istiyoruz
r n yapı ruhsatı başvurusu yapmak istiyorum
r n imar durum belgesi almak istiyorum
i n riskli yapı tespiti nasıl yapılıyor
i n kentsel dönüşüm başvurusu nereye yapılır
i n tadilat için ruhsat gerekiyor mu
s n eski binalar için ücretsiz deprem taraması yapılmalı
p n imar müdürlüğü işlemlerimizi çok hızlı bitirdi, teşekkürler
""",
"health": """
c n sivrisinekten uyuyamıyoruz, ilaçlama yapılmadı
c n bodrumda fareler var, her yere yayıldı
c n sokakta hamam böcekleri kaynıyor
c n ilaçlama aracı bu yıl hiç gelmedi
c n bataklıktan sivrisinek üreyor
c e annem nefes alamıyor, ambulans lazım
c e babam yere yığıldı, bilinci kapalı
c e komşumuz kalp krizi geçiriyor, ambulans gönderin
c n evde sağlık hizmeti için başvurdum, doktor gelmedi
c n karasinek istilası var, çöplükten geliyor
r n yatalak babam için evde doktor ziyareti istiyoruz
r n evde sağlık hizmetinden yararlanmak istiyorum
r n bahçemiz için haşere ilaçlaması istiyoruz
r n yaşlı annem için evde serum takılması gerekiyor
i n ilaçlama ne zaman yapılacak
i n evde sağlık hizmetine kimler başvurabilir
i n belediye polikliniği kaçta açılıyor
s n ilaçlama akşam saatlerinde yapılsa daha etkili olur
p n evde sağlık ekibindeki hemşire hanım çok ilgiliydi, teşekkürler
p n ilaçlamadan sonra sivrisinek kalmadı, sağolun
""",
"finance": """
c n emlak vergisi iki kere tahakkuk etmiş
c n ödediğim vergi sistemde görünmüyor
c n çevre temizlik vergisi yanlış hesaplanmış
c n fazla ödeme yaptım, iade edilmedi
c n internetten ödeme yaparken kartımdan para çekildi ama borç düşmedi
c n borcum olmadığı halde icra yazısı geldi
c n vezne çok yavaş, saatlerce bekledik
r n emlak vergisi borcumu yapılandırmak istiyorum
r n borcumu taksitlendirmek istiyorum
r n fazla ödediğim paranın iadesini talep ediyorum
r n borcu yoktur yazısı almak istiyorum
i n emlak vergisi son ödeme tarihi ne zaman
i n vergi borcumu nasıl öğrenebilirim
i n yapılandırmadan kimler faydalanabilir
i n ilan reklam vergisi ne kadar
s n vergi ödemesi için mobil uygulama yapılmalı
p n mali hizmetlerdeki memur hanım çok yardımcı oldu, teşekkürler
""",
"general": """
p n belediyemize her şey için teşekkür ederiz
p n başkanımıza ve tüm çalışanlara teşekkürler
p n hizmetleriniz için çok teşekkürler, iyi ki varsınız
i n belediye binası kaçta açılıyor
i n belediye başkanıyla görüşmek için randevu alabilir miyim
i n nikah başvurusu nasıl yapılır
i n belediyede iş başvurusu nasıl yapılır
i n kültür merkezindeki konser biletleri nereden alınır
i n nöbetçi eczane hangisi
i n beyaz masanın çalışma saatleri nedir
s n mahalleye bir kütüphane açılsın
s n gençler için spor salonu yapılmalı
s n belediye web sitesi daha kullanışlı olmalı
c e apartmanda yoğun gaz kokusu var, kapıdan bile geliyor
c e karşı binada yangın çıktı, dumanlar yükseliyor
c e evin yanındaki boş arazide yangın var, alevler eve yaklaşıyor
c n telefonla aradım kimse açmadı
c n beyaz masaya yazdım cevap vermediniz
r n belediye meclis toplantısına katılmak istiyorum
r n kurslara kayıt olmak istiyorum
""",
}
