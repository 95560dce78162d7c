"""More Turkish message cores (format: bank_tr.py): other wordings of the same problems."""

BANK = {
"public-works": """
c n mahallenin yolları delik deşik oldu, lastiğim patladı
c n belediye yolu kazdı, üç haftadır kapatmadı
c n cadde boyunca asfalt yama yapılmış ama hepsi söküldü
c n sokağın başındaki direkteki ampul patlamış
c n akşamları yol karanlık, lambalar yanmıyor, kadınlar korkuyor
c n kaldırım yok, çocuklar yolda yürümek zorunda kalıyor
c n yağmur suyu gideri yapılmadığı için yol çöktü
c n engelli rampası kırılmış, tekerlekli sandalye geçemiyor
c n üst geçidin merdivenleri paramparça
c n çukura düşen motorcu yaralanmadı ama her gün kaza riski var
r n sokağımıza asfalt dökülmesini istiyoruz
r n yaya geçidi çizilmesini rica ediyoruz
i n sokak aydınlatması arızasını nereye bildirmeliyim
s n okul önüne hız kesici konulmalı
p n yolumuzu asfaltladığınız için teşekkür ederiz
""",
"water-sewer": """
c u dünden beri musluklardan tek damla su akmıyor
c n suyun rengi sarı, kokusu da kötü
c n sayaç dönüyor ama suyu hiç kullanmadık, fatura çok yüksek
c u sokakta su borusu patladı, sular evlerin bodrumuna doluyor
c u lağım geri tepti, banyodan pis su geliyor
c n giderler tıkandı, rögar taşıyor, koku her yerde
c n yağmur yağınca ızgaralar suyu çekmiyor, sokak göle dönüyor
c n su kesintisi duyurusu yapılmadan sular kesildi
c n tazyik yok, çamaşır makinesi çalışmıyor
c n kaçak su kullanımı var, komşu şebekeden su çekiyor
r n su sayacımın yerinin değiştirilmesini istiyorum
r n aboneliğimi kapatmak istiyorum, taşınıyorum
i n su arıza hattının numarası nedir
i n depozito iadesi nasıl alınır
p n arıza ekibi gece gelip boruyu tamir etti, teşekkürler
""",
"sanitation": """
c n kokudan pencere açamıyoruz, konteynerler günlerdir boşaltılmadı
c n çöp arabası geldi ama yarısını aldı, gerisi yerde kaldı
c n pazar kurulduktan sonra sebze artıkları sokakta kaldı
c n mahallede çöp kutusu yok, herkes yere atıyor
c n komşular çöpü kapının önüne bırakıyor, kimse toplamıyor
c n parkın yanındaki alana inşaat atığı dökülmüş
c n sokak süpürgesi aylardır gelmiyor
c n konteynerler yıkanmıyor, kurtlanmış
r n bahçe atıklarımızın alınmasını istiyoruz, budanmış dallar var
r n kullanılmış yemeklik yağ toplama bidonu istiyoruz
i n eski buzdolabımı nasıl attırabilirim
i n çöp toplama saatleri değişti mi
s n konteynerler yer altına alınsın
p n temizlik işleri çok düzenli çalışıyor, tebrikler
""",
"municipal-police": """
c n yan binadaki bar her gece hoparlörle müzik çalıyor
c n kahvehane önüne taşmış, kaldırımı tamamen kapatmışlar
c n ekmek fiyatı tabeladakinden pahalı satılıyor
c n manav çürük meyve satıyor, tartısı da eksik
c n izinsiz tezgah kuranlar yüzünden yürüyemiyoruz
c n gece yarısı havai fişek atılıyor, bebekler uyanıyor
c n lokantada bozuk yemek yedik, zehirlenme şüphesi var
c n kuaför ruhsatsız çalışıyor, hijyen sıfır
c n sokak satıcıları bağırarak mal satıyor, sabah yedide
c n ekmek bayat ve gramajı tutmuyor
c n camide dilenen çocuklar var, sömürülüyorlar
r n işyerim için ruhsat denetimi talep ediyorum
i n zabıta hangi saatlere kadar çalışıyor
s n pazar yerinde fiyat denetimi yapılmalı
p n zabıta seyyarları kaldırdı, kaldırım açıldı, sağ olun
""",
"veterinary": """
c u yolda ayağı kırık bir kedi var, kımıldayamıyor
c u bir köpek arabanın altında kaldı, yaşıyor ama kanıyor
c n sokakta hasta görünen bir köpek var, tüyleri dökülmüş
c n köpek sürüsü sabahları okula giden çocukları kovalıyor
c n evin önünde ölü bir kuş sürüsü var
c n kediler çatıda sürekli kavga ediyor, gürültü yapıyor
c n komşu evde çok sayıda köpek besliyor, koku ve havlama dayanılmaz
c n biri köpeğe taş atıyor, hayvana eziyet ediliyor
c u sahipsiz köpek kızımı ısırdı, aşı olması lazım mı
r n bahçemize giren yılanın alınmasını istiyoruz
r n sokak kedileri için kısırlaştırma randevusu istiyorum
i n kayıp köpeğim barınağa getirildi mi
p n veterinerler yaralı kediyi tedavi edip geri bıraktı, teşekkürler
""",
"parks": """
c n parktaki oyuncaklar kırık, çocuklar yaralanıyor
c n parkın bakımı yapılmıyor, otlar diz boyu
c n ağaç dalları elektrik tellerine değiyor
c n parkta gece gençler toplanıp bankları kırıyor
c n sulama sistemi bozuk, sabaha kadar su akıyor
c n parktaki spor aletleri paslanmış
c n parktaki havuz yeşil olmuş, kokuyor
c u rüzgarda büyük bir dal kırıldı, kaldırımı kapattı
c n köpek parkı çok kirli
r n sokağımızdaki kuru ağacın kesilmesini istiyoruz
r n parka gölgelik yapılmasını talep ediyoruz
i n park bahçelerdeki çiçek fidesi dağıtımı ne zaman
s n parka içme suyu çeşmesi konulmalı
p n park ve bahçeler müdürlüğü parkımızı pırıl pırıl yaptı
""",
"transport": """
c n otobüs yarım saat geç geldi, işe geç kaldım
c n 45 numaralı hat seferleri azaltılmış, otobüsler tıka basa
c n şoför yaşlı bir teyzeye bağırdı
c n otobüs durağa yanaşmıyor, yolun ortasında indiriyor
c n akbilim okutmadı ama para kesildi
c n dolmuşlar fazla ücret alıyor
c n otobüs hızlı gidiyor, şoför sürekli sert fren yapıyor
c n metro istasyonundaki yürüyen merdiven bozuk
c n durak tabelası yok, hangi otobüs geçiyor bilmiyoruz
c n otobüste ısıtma çalışmıyor, donduk
r n durağa bank ve sundurma konulmasını istiyoruz
r n engelli kartı başvurusu yapmak istiyorum
i n hafta sonu otobüs saatleri nedir
i n öğrenci abonman ücreti ne kadar
p n şoför bey çok nazikti, tebrik ediyorum
""",
"funeral": """
r u dün gece kaybettiğimiz babamızın defni için belediyeden destek istiyoruz
r u cenazeyi başka şehre götürmemiz gerekiyor, araç lazım
r u annemin cenaze namazı öğlen, mezar kazılması gerekiyor
c u cenaze yakınlarına verilen yemek gelmedi
c n mezarlıkta kaldırımlar kırık, yaşlılar düşüyor
c n mezarlıkta çöpler birikmiş
c n mezarların arasını ot bürümüş
i n mezarlıkta yer kalmış mı
i n defin ruhsatı nereden alınır
i n cenaze hizmetleri ücretli mi
s n mezarlığa yönlendirme tabelaları konulmalı
p n zor günümüzde yanımızda oldunuz, cenaze ekibine teşekkürler
""",
"social-services": """
r n yalnız yaşayan yaşlı komşumuza sıcak yemek verilmesini istiyoruz
r n işsiz kaldım, kira yardımı almak istiyorum
r n çocuklarım için kırtasiye yardımı istiyorum
r n annem yatalak, hasta bezi yardımı istiyoruz
r n engelli oğlum için bakım desteği istiyorum
r u yaşlı babamı bugün hastaneye kontrole götürecek araç lazım
c e kızını sokağa kilitleyip dövüyorlar, çocuk ağlıyor
c e yaşlı teyze evde yalnız, yerde yatıyor, kapıyı açmıyor
c n kömür yardımı listesinde adım yok
c n başvurduğum gıda kartı hala yüklenmedi
i n evde bakım hizmeti ücretli mi
i n kadın danışma merkezinin numarası nedir
s n mahallede yaşlılara ev temizliği hizmeti verilmeli
p n sosyal yardım ekibi kapımıza kadar geldi, çok teşekkürler
""",
"zoning": """
c n komşu izinsiz çatı katı yapıyor
c n bahçeye kaçak gecekondu yapılıyor
c n apartmanın yanına ruhsatsız dükkan eklendi
c n eski bina boşaltıldı ama yıkılmadı, camlar kırık, tehlikeli
c e duvarda büyük bir yarık oluştu, tavan çatırdıyor, içeride insanlar var
c e balkon çöktü, alttan geçenler tehlikede
c n inşaat kazısı yüzünden binamızın temeli çatladı
c n inşaatın toz ve çamuru bütün sokağa yayılıyor
c n kentsel dönüşüm başvurumuz bir yıldır bekliyor
r n binamız için riskli yapı tespiti istiyoruz
r n iskan belgesi için başvuru yapmak istiyorum
i n balkon kapatmak için izin gerekiyor mu
i n imar planı değişikliğini nereden öğrenebilirim
p n yapı denetim ekibi hemen gelip kontrol etti, teşekkürler
""",
"health": """
c n akşam olunca sivrisinekler yüzünden balkona çıkamıyoruz
c n evimize fare girdi, çöplükten geliyorlar
c n bodrum katta pire var, çocuklar ısırılıyor
c n kanalda larva var, ilaçlama yapılmıyor
c e dedem düştü, başını çarptı, kendine gelmiyor
c e çocuk zehirlendi, kusuyor, ambulans lazım
c n evde bakım doktoru randevuya gelmedi
c n belediye sağlık merkezinde doktor yok
r n yaşlı babamın evde tansiyon ölçümü için hemşire istiyoruz
r n çatı arasına fare ilacı konulmasını istiyoruz
r n yatalak hastamız için evde sağlık hizmeti başvurusu yapmak istiyorum
i n ilaçlama arabası hangi gün geliyor
i n belediyenin ücretsiz aşı kampanyası var mı
s n sivrisinek ilaçlaması mayısta başlamalı
p n evde sağlık ekibi babamızla çok güzel ilgilendi
""",
"finance": """
c n emlak vergimi ödedim ama borç görünüyor
c n taşındığım halde eski evin vergisi bana geliyor
c n kredi kartından iki kere çekim yapıldı
c n vergi borcuma fazla gecikme faizi işlenmiş
c n e-belediyede ödeme sayfası açılmıyor
c n beyanname verdim, tahakkuk yanlış çıktı
r n ödediğim fazla vergiyi geri istiyorum
r n emlak vergisi beyannamesi vermek istiyorum
r n borcumu altı taksitte ödemek istiyorum
i n emlak vergisi ikinci taksit ne zaman
i n çevre temizlik vergisi kimden alınıyor
i n ödeme hangi bankalardan yapılabilir
s n vergi ödemeleri için hatırlatma mesajı gönderilsin
p n vergi işlemim çok çabuk halledildi, teşekkürler
""",
"general": """
p n belediyenin yaptığı her şey için minnettarız
p n bu kadar hızlı döndüğünüz için teşekkür ederim
p n çok güzel bir festival düzenlediniz, tebrikler
i n belediyenin hafta sonu açık birimi var mı
i n evlendirme dairesinden nikah tarihi nasıl alınır
i n kreşe kayıt ne zaman başlıyor
i n gençlik merkezinde hangi kurslar var
i n belediyenin whatsapp hattı var mı
s n mahalleye bir kültür merkezi yapılmalı
s n belediye bültenleri kürtçe ve arapça da olsun
c n şikayetimi üç kez yazdım, hala cevap yok
c n santrale bağlanmak için yarım saat bekledim
c e binanın bodrumundan gaz kokusu geliyor, kimse ilgilenmiyor
c e çatıdan alevler çıkıyor, itfaiye gelmedi
""",
}

BANK["general"] += """
i n belediyenin çağrı merkezi hafta sonu açık mı
i n muhtarlık ile belediye arasındaki fark nedir, kime başvurmalıyım
i n belediyenin düzenlediği yüzme kursuna nasıl kayıt olunur
i n meclis kararlarını nereden okuyabilirim
p n bu şehirde yaşamaktan gurur duyuyorum, emeği geçen herkese teşekkürler
p n sosyal medyadan verdiğiniz hızlı cevaplar için teşekkür ederim
s n belediye her mahallede halk toplantısı yapsın
s n şikayetlerin durumunu sms ile bildirseniz çok iyi olur
c n bir aydır başvuruma kimse dönmedi
c n çağrı merkezi beni sürekli başka birime aktarıyor
r n belediye başkanıyla görüşme talep ediyorum
c e apartmanın kazan dairesinde patlama oldu, her yer duman
"""
BANK["social-services"] += """
r n evsiz bir vatandaş parkta yatıyor, barınma yardımı yapılabilir mi
r n yaşlı annemin banyo ve kişisel bakımı için destek istiyoruz
r n şehit ailesiyiz, sosyal destek başvurusu yapmak istiyoruz
r n otizmli oğlum için özel eğitim desteği istiyorum
c n evde bakım maaşı başvurum reddedildi, sebebini söylemediler
i n yaşlılar için gündüz bakım merkezi var mı
c e yaşlı komşum üç gündür görünmüyor, kapıdan koku geliyor
"""
BANK["health"] += """
c n mahallede kuduz vakası olduğu söyleniyor, ilaçlama ve kontrol yapılmadı
c n su kanalında durgun su var, her yer sivrisinek larvası
c n yan bina fare istilası altında, bize de geçiyorlar
r n yatalak annemiz için evde fizik tedavi hizmeti istiyoruz
r n evimizde tahtakurusu var, ilaçlama yapılmasını istiyoruz
i n belediyenin ambulans hizmeti ücretli mi
c e komşumuz merdivenden düştü, başından kan geliyor, hareket etmiyor
"""
BANK["public-works"] += """
c n cadde üzerindeki rögar kapağı yolun seviyesinden aşağıda kalmış, araçlar çarpıyor
c n yeni yapılan asfalt bir haftada bozuldu, kalitesiz malzeme kullanılmış
c n sokak tabelaları yok, adres bulan yok
c n bisiklet yolunun üstü çukur dolu
r n çıkmaz sokağımızın parke taşı ile döşenmesini istiyoruz
c n köprü altındaki geçit karanlık ve su birikintisi var
"""
BANK["zoning"] += """
c n karşı parselde inşaat gece de çalışıyor ve ruhsat levhası yok
c n binamızın temelinden su sızıyor, çatlaklar büyüyor
c n eski konak harabeye döndü, çatısı çökmek üzere
r n evimizin imar durumunu öğrenmek ve projeyi onaylatmak istiyoruz
i n yıkım ruhsatı almak için hangi belgeler gerekiyor
"""
BANK["water-sewer"] += """
c n hidrofor çalışmasına rağmen suyun gücü yok
c n su saatim donmuş ve patlamış, değiştirilmesi gerek
c n kanalizasyon bağlantısı yapılmadı, foseptik taşıyor
r n bahçeye su hattı çekilmesi için başvuru yapmak istiyorum
"""

BANK["public-works"] += """
c n yolun kenarındaki bariyerler kopmuş, araçlar şarampole yuvarlanabilir
c n tretuvar taşları kırılmış, sokak harabe gibi
c n cadde üzerindeki ızgara kapakları eksik, bisikletli düşer
c n köprünün asfaltında derin yarıklar var
r n sokağımıza bordür taşı döşenmesini rica ediyoruz
i n mahallemizdeki yol genişletme çalışması ne zaman başlayacak
"""
BANK["water-sewer"] += """
c n evin önündeki vana kapağından su fışkırıyor
c n su idaresi kazı yaptı, boruyu değiştirdi ama çukuru öylece bıraktı
c n kaçak bağlantı yüzünden basınç düşüyor
c n pis su kokusu tüm sokağı sarmış, kanal tıkalı
i n su kesintileri hangi sitede duyuruluyor
r n kanalizasyon hattımızın kameralı kontrolünü istiyoruz
"""
BANK["sanitation"] += """
c n konteynerin yanına inşaat çuvalları bırakılmış, aylardır duruyor
c n sokak hayvanları çöp poşetlerini parçalıyor, çöpler her yere dağılıyor
c n cadde süpürme aracı hiç uğramıyor, yaprak yığınları var
r n apartmanımıza kağıt ve plastik geri dönüşüm kumbarası istiyoruz
i n elektronik atıkları nereye bırakabilirim
"""
BANK["municipal-police"] += """
c n işyerleri kaldırıma mal dizmiş, yayalar yola iniyor
c n kasap soğutucusu çalışmıyor, etler güneşte bekliyor
c n otoparkçı izinsiz ücret topluyor
c n alkollü mekan okulun dibinde açılmış, ruhsatı var mı
c n gece boyunca jeneratör çalıştırıyorlar, ses ve duman
i n işyeri açma ruhsatı için nereye başvurulur
"""
BANK["veterinary"] += """
c n mahallede bir köpeği zincirle bağlayıp aç bırakmışlar
c n kumsalda ölü yunus var, kokuyor
c n ağaçta mahsur kalan kedi iki gündür miyavlıyor
c u sokakta doğum yapmakta zorlanan bir köpek var, çok kötü durumda
r n evcil köpeğim için kuduz aşısı randevusu istiyorum
i n sokak hayvanlarını besleme noktaları nerede
"""
BANK["parks"] += """
c n parktaki basketbol potası kırıldı
c n yürüyüş parkurunun zemini bozuk, koşarken ayağımız burkuluyor
c n parkta sulama yapılmadığı için fidanlar kurudu
c n çocuk parkının kum havuzu kedi pisliği dolu
r n sitemizin önündeki yeşil alana çim ekilmesini istiyoruz
i n parkta piknik yapmak serbest mi
"""
BANK["transport"] += """
c n şoför duraklarda yolcu almadan geçiyor, bekleyenleri görmüyor
c n otobüsün camları kırık, içeri yağmur giriyor
c n ring servisi kaldırılmış, yaşlılar hastaneye gidemiyor
c n otobüs güzergahı değişti, kimseye haber verilmedi
r n mahallemize gece otobüsü konulmasını talep ediyoruz
i n havalimanı otobüsü nereden kalkıyor
"""
BANK["funeral"] += """
c n mezarlıkta bekçi yok, mezarlara zarar veriliyor
c n cenaze aracı yanlış adrese gitti, cenaze geç kaldı
r u annemizin naaşının köye götürülmesi için cenaze aracı talep ediyoruz
i n aile mezarlığına yer ayırtmak mümkün mü
"""
BANK["finance"] += """
c n ilan reklam vergisi iki farklı tutarda tahakkuk etmiş
c n ödeme yaptığım halde gecikme cezası kesilmiş
r n veraset ilamı ile vergi kaydının üzerime alınmasını istiyorum
i n vergi ödeme son günü hafta sonuna denk gelirse ne olur
"""
BANK["zoning"] += """
c n yan parselde izinsiz hafriyat yapılıyor, binamız sallanıyor
c n apartmana ruhsatsız asansör kuruldu, güvenli değil
r n bahçeye müştemilat yapmak için izin almak istiyorum
"""
BANK["social-services"] += """
r n mülteci bir aileyiz, çocuklar için kışlık kıyafet yardımı istiyoruz
r n işitme engelli kızım için cihaz desteği istiyoruz
c n yardım kartıma bu ay para yüklenmedi
"""
