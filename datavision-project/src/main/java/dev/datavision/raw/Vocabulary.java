package dev.datavision.raw;

import java.util.SplittableRandom;

/** Fixed word lists for fake but plausible names, emails, countries and content titles. */
final class Vocabulary {

    private Vocabulary() {
    }

    static final String[] FIRST_NAMES = {
        "Ana", "Bruno", "Carla", "Daniel", "Elena", "Felipe", "Gabriela", "Hugo", "Isabel", "Joao",
        "Karin", "Lucas", "Maria", "Nina", "Oscar", "Paula", "Rafael", "Sofia", "Tiago", "Ursula",
        "Victor", "Wen", "Yuki", "Zoe", "Aarav", "Priya", "Liam", "Emma", "Noah", "Olivia",
        "Mateo", "Lea", "Jonas", "Clara", "Hannah", "Arjun", "Diego", "Camila", "Ethan", "Mia",
        "Lukas", "Marta", "Pedro", "Chloe", "Louis", "Amelie", "Kenji", "Aiko", "Omar", "Leila",
        "Samuel", "Julia", "Thomas", "Ines", "Marco", "Giulia", "Sven", "Freya", "David", "Sara"
    };

    static final String[] LAST_NAMES = {
        "Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Smith", "Johnson", "Brown", "Taylor",
        "Miller", "Wilson", "Muller", "Schmidt", "Schneider", "Fischer", "Martin", "Bernard", "Dubois", "Moreau",
        "Garcia", "Martinez", "Lopez", "Gonzalez", "Rossi", "Russo", "Ferrari", "Sharma", "Patel", "Singh",
        "Kumar", "Tanaka", "Suzuki", "Sato", "Jansen", "de Vries", "Bakker", "Nowak", "Kowalski", "Murphy",
        "Kelly", "Walsh", "Andersson", "Nilsson", "Hansen", "Lee", "Kim", "Park", "Nguyen", "Tremblay"
    };

    static final String[] EMAIL_DOMAINS = {"example.com", "example.org", "example.net", "mail.example", "inbox.example"};

    static final String[] COMPANY_WORDS = {
        "acme", "globex", "initech", "umbrella", "stark", "wayne", "hooli", "vandelay", "aperture", "cyberdyne",
        "soylent", "tyrell", "wonka", "oscorp", "massive", "pied-piper", "blue-sun", "octan", "zorg", "gringotts"
    };

    /** ISO-3166 alpha-2 code, share of users, UTC offset in hours (approximate, no DST). */
    static final String[] COUNTRIES = {"US", "BR", "GB", "DE", "FR", "IN", "ES", "CA", "MX", "PT", "NL", "IT", "JP", "AU"};
    static final double[] COUNTRY_WEIGHTS = {25, 12, 9, 8, 7, 10, 5, 5, 4, 3, 3, 4, 3, 2};
    static final int[] COUNTRY_UTC_OFFSETS = {-5, -3, 0, 1, 1, 5, 1, -5, -6, 0, 1, 1, 9, 10};

    static final String[] CHANNELS = {"organic", "paid_search", "paid_social", "referral", "partner", "content_share"};

    static final String[] DEVICES = {"web", "ios", "android"};

    static final String[] CATEGORIES = {
        "history", "science", "technology", "business", "marketing", "education", "culture", "travel", "health", "sports"
    };

    static final String[][] TOPICS = {
        {"the Roman Empire", "the Industrial Revolution", "Ancient Egypt", "the Cold War", "the Renaissance", "the Silk Road"},
        {"black holes", "climate change", "the human genome", "quantum physics", "volcanoes", "the periodic table"},
        {"machine learning", "cloud computing", "open source", "cybersecurity", "the internet", "smartphones"},
        {"startup funding", "remote teams", "pricing strategy", "supply chains", "negotiation", "company culture"},
        {"email campaigns", "brand storytelling", "SEO basics", "social media ads", "customer journeys", "product launches"},
        {"study techniques", "algebra", "language learning", "classroom games", "critical thinking", "exam prep"},
        {"jazz", "street art", "world cuisine", "cinema", "mythology", "architecture"},
        {"backpacking Asia", "European capitals", "national parks", "train journeys", "island hopping", "city breaks"},
        {"sleep", "nutrition", "running", "mindfulness", "first aid", "strength training"},
        {"the World Cup", "the Olympics", "tennis legends", "marathon training", "basketball tactics", "cycling"}
    };

    static final String[] CONTENT_TYPES = {"article", "timeline", "quiz", "project"};

    private static final String[][] TITLE_TEMPLATES = {
        {"Why %s matters", "A short guide to %s", "What nobody tells you about %s", "%s explained"},
        {"The history of %s", "%s: a timeline", "Key moments in %s", "How %s evolved"},
        {"How well do you know %s?", "The %s quiz", "Test yourself: %s", "10 questions on %s"},
        {"Project plan: %s", "Building a course on %s", "%s workshop board", "Team project: %s"}
    };

    static String title(SplittableRandom r, int contentType, int category) {
        String topic = Rng.pick(r, TOPICS[category]);
        String template = Rng.pick(r, TITLE_TEMPLATES[contentType]);
        int at = template.indexOf("%s");
        if (at == 0) {
            return Character.toUpperCase(topic.charAt(0)) + topic.substring(1) + template.substring(2);
        }
        return template.substring(0, at) + topic + template.substring(at + 2);
    }
}
