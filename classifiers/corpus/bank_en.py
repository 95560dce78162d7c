"""English phrase bank (see bank_tr.py for the line format)."""

BANK = {
"public-works": """
c n there is a huge pothole on our street and cars keep hitting it
c n the asphalt is completely broken up
c n the street light outside my house has been out for a week
c n half the street lamps on the avenue are not working
c n the pavement slabs are cracked and an old lady tripped
c n the road works finished but nobody resurfaced the road
c e the road has caved in and a car fell into the hole, the driver is still inside
c e a lamp post fell across the road and the cables are live
c n the zebra crossing paint has worn off
c n the bridge railing is loose
r n we would like a speed bump on our street
r n please install a street light at the end of our road
i n when will our street be resurfaced
s n a cycle lane along the main road would be great
p n thanks to public works for fixing the pothole so quickly
""",
"water-sewer": """
c u we have had no water for two days
c n the water has been cut since this morning without any notice
c n brown muddy water is coming out of the tap
c n water pressure is so low nothing reaches the top floor
c u a water main burst and the street is flooded
c u sewage is backing up into our house
c n the manhole smells terrible
c n the storm drain is blocked and water pools on the road
c n my water bill tripled this month
c n the water meter is faulty
c n a manhole cover is missing, someone will fall in
r n i want to open a new water account
r n please replace my water meter
i n when will the water come back
i n how long will the water outage last
p n the water crew fixed the leak in the middle of the night, thank you
""",
"sanitation": """
c n the rubbish has not been collected for three days
c n the bin is overflowing and cats spread the garbage everywhere
c n the garbage truck never comes to our street
c n nobody sweeps the streets, litter everywhere
c n people are dumping construction debris on the empty lot
c n the recycling bin has not been emptied for months
c n the bin lid is broken and it stinks
c e the dumpster is on fire and flames are reaching the building
r n please collect my old sofa and wardrobe
r n we need a new bin on our street
r n can you send a truck for the rubble from our renovation
i n which days is rubbish collected
i n where can i drop off old batteries
s n bins should be washed more often
p n the cleaning crew did a great job, the street is spotless
""",
"municipal-police": """
c n the neighbours play loud music every night after midnight
c n the bar across the street is noisy until 3 am
c n street vendors are blocking the sidewalk
c n the shop has put tables all over the pavement
c n the bakery sells underweight bread
c n the supermarket charges more at the till than on the price tag
c n the butcher sells expired meat
c n the restaurant kitchen is filthy, i saw rats
c n an unlicensed business opened next door
c n beggars harass people outside the mosque
c n construction starts at 6 am and the noise is unbearable
c e there is a fight in the street and someone pulled a knife
r n please send inspectors to check the market stalls
i n how do i get a street vendor permit
p n the municipal police responded to our noise complaint right away
""",
"veterinary": """
c u there is an injured dog on our street, its leg is broken
c u a cat was hit by a car and is lying on the road, still alive
c n stray dogs bark all night
c n a pack of stray dogs roams outside the school, kids are scared
c e stray dogs attacked a child and bit him, he is bleeding
c n there is a dead dog in the middle of the road
c n my neighbour leaves his dog on the balcony without food
c n someone is poisoning the street cats
c u kittens are trapped in the drain pipe
r n please neuter the stray dogs in our area
r n i want to get my cat vaccinated for free
i n how can i adopt a dog from the shelter
p n the vet team picked up the injured dog within an hour, thanks
""",
"parks": """
c n the benches in the park are broken
c n the swing chain is broken, children could get hurt
c n the grass in the park is dry, nobody waters it
c n the slide in the playground is rusty
c n the park lights are out and it is dark in the evening
c u a tree fell and is blocking the road
c u the storm knocked a tree onto a parked car
c e a rotten tree is leaning over the path and could fall on the kids playing below
c n the drinking fountain in the park is broken
c n the park toilets are always locked
r n please prune the trees on our street
r n we would like a tree planted in front of our house
i n what are the park opening hours
s n the park needs a dog run
p n thank you for renovating the playground, the kids love it
""",
"transport": """
c n the bus did not show up again, we waited forty minutes
c n the driver drove past the stop without stopping
c n the bus driver was very rude to my mother
c n buses are packed in the morning
c n the bus stop has no shelter or seats
c n the card top-up machine is broken
c n buses do not follow the timetable
c n the driver was on his phone while driving
c n the wheelchair ramp on the bus does not work
c n i was charged twice on my travel card
r n please add a bus line to our neighbourhood
r n i want to apply for a student travel card
i n what time does the first bus leave
i n are buses free on the holiday
s n there should be more night buses
p n the bus driver was very kind and helped my grandmother
""",
"funeral": """
r u my father passed away this morning, we need a hearse
r u we need help with the burial arrangements for my mother
r u we need a grave plot for my grandfather's funeral tomorrow
c u the hearse has not arrived and the funeral is waiting
c n the cemetery is not maintained, weeds everywhere
c n the cemetery wall has collapsed
c n gravestones were vandalised
i n how much does a burial plot cost
i n what documents are needed to transport the deceased
i n what are the cemetery visiting hours
p n thank you to the funeral services team for their kindness
""",
"social-services": """
r n i need home care for my elderly mother
r n i would like to apply for food aid, my husband lost his job
r n my disabled brother needs a wheelchair
r u my father is paralysed and needs patient transport to hospital
r u my mother needs transport to dialysis today
c e my neighbour is beating his wife, we hear screaming
c e i need a place in a women's shelter, my husband is threatening me
c e the old man next door has not answered the door for days, he may have fallen
c e a small child is alone in the street crying, no parents around
c n my aid application has been pending for three months
c n the home care worker did not come
i n what documents do i need for social assistance
s n there should be a day centre for the elderly
p n the home care team looked after my mum so well, thank you
""",
"zoning": """
c n the neighbour is building an illegal extra floor
c n construction without a permit is going on day and night
c e there are cracks in the columns of our building and it is shaking
c e the building next door is about to collapse, the walls are splitting
c e the derelict building is crumbling and kids play inside
c n the derelict house next door is used by drug users
c n after the earthquake cracks appeared in our walls
c n my building permit application has been waiting for months
c n scaffolding is blocking the pavement
r n we want an earthquake safety assessment of our building
r n i want to apply for a building permit
i n do i need a permit to renovate my kitchen
p n the planning office processed our application quickly, thanks
""",
"health": """
c n we cannot sleep because of mosquitoes, no spraying was done
c n there are rats in the basement
c n cockroaches all over the street
c n the spraying truck never came this year
c e my mother cannot breathe, we need an ambulance
c e my father collapsed and is unconscious
c e our neighbour is having a heart attack, send an ambulance
c n i applied for home health care but no doctor came
r n my bedridden father needs a home doctor visit
r n please spray our garden for pests
i n when will the mosquito spraying be done
s n spraying should be done in the evening
p n the nurse from home health care was wonderful, thank you
""",
"finance": """
c n my property tax was charged twice
c n my payment does not show in the system
c n i overpaid and never got a refund
c n the online payment took my money but the debt is still there
c n i got a debt notice although i owe nothing
r n i want to restructure my property tax debt
r n i would like to pay my debt in instalments
r n please refund my overpayment
i n when is the property tax deadline
i n how can i check my tax debt
p n the lady at the finance desk was very helpful, thanks
""",
"general": """
p n thank you for everything you do for our city
p n thanks to the mayor and all the staff
i n what time does the town hall open
i n can i get an appointment with the mayor
i n how do i apply for a job at the municipality
i n where can i buy tickets for the concert at the culture centre
s n please open a library in our neighbourhood
s n the municipality website should be easier to use
c n i called and nobody answered
c n i wrote to you and got no reply
c e there is a strong smell of gas in our building
c e the building across the road is on fire, black smoke everywhere
r n i want to sign up for the free courses
""",
}
