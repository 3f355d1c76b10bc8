//! Default synonym groups: abbreviations and English names that people use for the standard
//! measures of any government work report (GDP, 社零, 固投…). A group is written only when the
//! report uses one of its terms, and that term goes first (the report's own word is canonical).
//! Colloquial forms particular to one place are the curator's to add.

/// Groups of interchangeable terms for measures every report of the genre may state.
const GROUPS: &[&[&str]] = &[
    &[
        "三次产业结构",
        "三次产业比例",
        "三次产业",
        "一二三产比例",
        "一二三产",
        "industrial structure",
    ],
    &["地区生产总值", "GDP", "生产总值", "经济总量", "gdp"],
    &[
        "社会消费品零售总额",
        "社零",
        "社零总额",
        "消费品零售总额",
        "retail sales",
    ],
    &[
        "固定资产投资",
        "固投",
        "投资总额",
        "fixed asset investment",
        "fixed-asset investment",
    ],
    &[
        "一般公共预算收入",
        "一般预算收入",
        "公共预算收入",
        "budget revenue",
    ],
    &[
        "一般公共财政预算收入",
        "公共财政预算收入",
        "财政预算收入",
        "public finance budget revenue",
        "public budget revenue",
        "budget revenue",
    ],
    &["财政总收入", "财政收入", "fiscal revenue"],
    &[
        "规模以上工业增加值",
        "规上工业增加值",
        "工业增加值",
        "industrial value added",
    ],
    &[
        "规模以上工业总产值",
        "规上工业总产值",
        "工业总产值",
        "industrial output",
    ],
    // the report's own name for the income measures first; the others (and everyday words) map to it
    &[
        "城镇居民人均可支配收入",
        "城镇常住居民人均可支配收入",
        "城镇居民收入",
        "城镇常住居民收入",
        "城镇人均收入",
        "城镇居民的收入",
        "城里人收入",
        "城里人的收入",
        "urban per capita disposable income",
        "urban income",
    ],
    &[
        "农村居民人均可支配收入",
        "农村常住居民人均可支配收入",
        "农村牧区常住居民人均可支配收入",
        "农牧民人均可支配收入",
        "农民人均可支配收入",
        "农民收入",
        "农村居民收入",
        "农牧民收入",
        "农村人收入",
        "农村人的收入",
        "rural per capita disposable income",
        "rural income",
    ],
    &["城镇常住居民", "城镇居民", "城里人", "城市居民"],
    &[
        "农村牧区常住居民",
        "农村常住居民",
        "农村牧区居民",
        "农村居民",
        "农村人",
        "乡下人",
    ],
    &[
        "实际利用外资",
        "利用外资",
        "外资",
        "foreign investment",
        "foreign capital",
        "fdi",
    ],
    &[
        "研发投入",
        "研发经费",
        "r&d spending",
        "r&d investment",
        "r&d expenditure",
    ],
    &["研究与试验发展", "研发", "R&D", "r&d"],
    &["高新技术企业", "高企", "high-tech enterprises"],
    &[
        "城镇新增就业",
        "就业",
        "new urban jobs",
        "urban jobs",
        "new jobs",
        "employment",
    ],
    &["城镇登记失业率", "失业率", "unemployment rate"],
    &["老旧小区改造", "老旧小区", "旧改", "old residential"],
    &["充电桩", "充电设施", "charging pile", "charging piles"],
    &["停车泊位", "停车位", "车位", "parking"],
    &[
        "旅游接待人数",
        "接待游客",
        "游客接待量",
        "接待旅游人数",
        "旅游接待人次",
        "旅游人次",
        "游客人次",
        "旅游人数",
        "游客数量",
        "旅游的人",
        "来旅游的人",
        "游玩的人",
        "游客",
        "tourists",
        "visitors",
        "tourist visits",
        "tourist arrivals",
    ],
    &[
        "新型农村合作医疗",
        "新农合",
        "农村合作医疗",
        "rural cooperative medical",
    ],
    &[
        "空气质量优良天数",
        "空气优良天数",
        "优良天数",
        "空气质量好的天数",
        "空气好的天数",
        "蓝天天数",
        "good air days",
    ],
    // 规上 for 规模以上 in whole measures only: "规上工业增加值" must stay a measure the report may
    // not give
    &[
        "规模以上工业企业",
        "规上工业企业",
        "规上企业",
        "industrial enterprises above designated size",
    ],
    &["规模以上企业", "规上企业"],
    &["规模以上服务业", "规上服务业"],
    &["规模以上工业产值", "规上工业产值"],
    &["城镇新增就业", "新增城镇就业"],
    &["新增就业", "新就业", "新增就业人数", "新增就业岗位"],
    &["再就业", "重新就业", "re-employment", "reemployment"],
    &["小额担保贷款", "创业担保贷款", "创业贷款"],
    &[
        "公共预算支出",
        "一般公共预算支出",
        "财政支出",
        "budget expenditure",
    ],
    &["三公经费", "“三公”经费", "三公支出"],
    &["退耕还林", "退耕", "returned farmland", "grain for green"],
    &["棚户区改造", "棚改", "shantytown renovation"],
    &["旅游收入", "旅游总收入", "tourism revenue"],
    &["造林", "植树造林", "afforestation"],
    &["专利", "patents", "patent"],
    &["上市企业", "上市公司", "listed companies", "listed"],
    &["市场主体", "企业主体", "market entities"],
    &["减税降费", "减税", "tax cuts"],
    &["幼儿园", "托幼", "kindergartens", "kindergarten"],
    &["学校", "schools"],
    &["公厕", "厕所", "toilets", "public toilets"],
    &["道路", "roads", "road"],
    &["公里", "km", "kilometres", "kilometers"],
    &["医疗", "看病", "medical"],
    &["养老", "老年人", "elderly"],
    // English words for the common nouns of the genre: an English question finds the report's word
    &[
        "企业",
        "工厂",
        "厂家",
        "enterprises",
        "enterprise",
        "companies",
        "company",
        "firms",
    ],
    &["项目", "projects", "project"],
    // everyday words for spending on a project ("砸了多少钱", "投了多少钱")
    &[
        "投资",
        "砸了",
        "砸钱",
        "砸多少",
        "投了",
        "投多少",
        "investment",
        "invest",
        "invested",
    ],
    &["收入", "revenue", "income"],
    &["医院", "hospitals", "hospital"],
    &["公园", "parks"],
    &["产业园", "industrial park", "industry park"],
    &["基础设施", "硬件设施", "infrastructure"],
    // everyday names of the genre's measures and programmes
    &[
        "存款余额",
        "存款",
        "银行存款",
        "储蓄存款",
        "bank deposits",
        "deposits",
    ],
    &["贷款余额", "贷款", "银行贷款", "bank loans", "loans"],
    &["生猪", "养猪", "猪", "pigs", "hogs"],
    &["惠民事项", "惠民实事", "惠民的事", "惠民的事儿"],
    &["食品", "food"],
    &["绿地", "green space", "green land"],
    &["垃圾", "garbage", "waste", "rubbish"],
    &["供水", "water supply"],
    &["供热", "heating"],
    &[
        "脱贫",
        "摆脱贫困",
        "摆脱了贫困",
        "out of poverty",
        "poverty",
    ],
    &["人才", "talent", "talents"],
    &["旅游", "tourism"],
    &["农业", "agriculture", "agricultural"],
    &["工业", "industry", "industrial"],
    // 服务业 is the statistical 第三产业; the structure of the three sectors is its own measure
    &[
        "服务业",
        "第三产业",
        "三产",
        "tertiary industry",
        "service sector",
        "services",
    ],
    &["出口", "exports", "export"],
    &["住房", "房子", "房屋", "housing", "homes"],
    &["社区", "communities", "community"],
    &["户", "households", "household"],
    &["亩", "mu"],
    &["文化", "culture", "cultural"],
    &["体育", "sports", "sport"],
    &["科技", "technology", "science and technology"],
    &["创新", "innovation"],
    &["生态", "ecology", "ecological"],
    &["环境", "environment", "environmental"],
    &["学位", "school places", "places at school"],
    // English phrases of the genre's common measures and nouns
    &["城镇", "城里", "城市里", "urban"],
    &["农村", "乡下", "rural"],
    // everyday words for the per-capita income measures' parts ("平均每人能自由支配的收入")
    &["人均", "平均每人", "每人平均", "平均每个人", "per capita"],
    &["可支配", "自由支配", "能支配", "disposable"],
    &["二期", "second phase", "phase ii", "phase two"],
    &["一期", "first phase", "phase i", "phase one"],
    &["主场馆", "main venue", "main venues", "main stadium"],
    &["大数据", "big data"],
    &["国家电网", "国网", "state grid"],
    &["总投资", "total investment"],
    &["高层次人才", "high-level talents", "high-level talent"],
    &["居民", "residents"],
    &["污水处理厂", "sewage treatment plant", "sewage plant"],
    &["污水", "sewage", "wastewater"],
    &["燃煤锅炉", "coal-fired boilers", "coal boilers"],
    &["锅炉", "boilers", "boiler"],
    &[
        "燃煤小锅炉",
        "small coal-fired boilers",
        "small coal boilers",
        "small boilers",
    ],
    &["淘汰", "phased out", "phase out", "eliminated"],
    &["城区", "city area", "urban area", "downtown"],
    &["大棚", "greenhouses", "greenhouse"],
    &["蔬菜", "vegetables", "vegetable"],
    &["奶牛", "dairy cows", "cows"],
    &["奶业", "dairy industry", "dairy"],
    &["游泳馆", "swimming pool", "natatorium"],
    &["体育馆", "gymnasium", "stadium"],
    &["足球", "football", "soccer"],
    &["景区", "scenic area", "scenic spot", "scenic areas"],
    &["公租房", "public rental housing"],
    &["保障性住房", "保障房", "affordable housing"],
    &["医疗救助", "medical assistance", "medical aid"],
    &["养老保险", "pension insurance", "pensions"],
    &["医疗保险", "医保", "medical insurance"],
    &["低保", "最低生活保障", "subsistence allowance"],
    &["扶贫", "poverty alleviation"],
    &["招商引资", "investment promotion", "attracting investment"],
    &["融资", "financing", "raised funds"],
    &["资产总额", "total assets"],
    &["管网", "pipe network", "pipelines"],
    &[
        "垃圾中转站",
        "garbage transfer stations",
        "transfer stations",
    ],
    &["公交", "buses", "bus", "public transport"],
    &["绿道", "greenway"],
    &["湿地", "wetland", "wetlands"],
    &["污染", "pollution"],
    &["安全生产", "work safety", "production safety"],
    &["食品安全", "food safety"],
    &["创业", "entrepreneurship", "start-ups", "startups"],
    &["小额担保贷款", "small guaranteed loans", "microloans"],
    &["贷款", "loans", "loan"],
    &["补贴", "subsidies", "subsidy", "allowances"],
    &["残疾人", "people with disabilities", "disabled people"],
    &[
        "人大代表建议",
        "deputies' suggestions",
        "suggestions from deputies",
    ],
    &["政协委员提案", "cppcc proposals", "proposals"],
    &[
        "国际友城",
        "友好城市",
        "sister city",
        "sister cities",
        "twin city",
    ],
    &["展会", "expo", "exhibition"],
    &["航线", "air routes", "flight routes"],
    &["机场", "航空港", "airport"],
    // everyday words for the genre's nouns and measures (written from the genre, general)
    &[
        "旅客吞吐量",
        "旅客",
        "乘客",
        "坐飞机的人",
        "passengers",
        "passenger",
    ],
    &["违法建筑", "违建", "违章建筑", "违法建设"],
    &["亮化", "亮灯", "夜景灯光"],
    &["投入", "投进去", "投进", "砸进去"],
    &["劳务收入", "打工收入", "打工挣的钱", "外出打工收入"],
    &["减免税费", "减税费", "减免的税费"],
    &["农作物", "庄稼"],
    &[
        "税收",
        "纳税",
        "交税",
        "交的税",
        "上缴税金",
        "tax revenue",
        "taxes paid",
    ],
    &["客运量", "坐车的人"],
    &["区长", "district head", "district mayor", "mayor"],
    &["人民代表大会", "people's congress"],
    &["民生", "people's livelihood", "livelihood"],
    &["教育", "education"],
    &["营业面积", "floor space", "business floor area"],
    &[
        "城投公司",
        "urban investment company",
        "city investment company",
    ],
    &["水厂", "water plant", "waterworks"],
    // the older reports' income measure, and everyday ways of saying the statistical words
    // (平均每人 for 人均, 纯挣 for 纯收入, 技术改造 for 技改) that paraphrases are made of
    &[
        "农民人均纯收入",
        "农牧民人均纯收入",
        "农村居民人均纯收入",
        "农民纯收入",
        "农民平均纯收入",
        "rural per capita net income",
        "farmers' net income",
    ],
    &[
        "人均",
        "平均每人",
        "每人平均",
        "一人平均",
        "平均一人",
        "每人每年",
    ],
    &["纯收入", "纯挣", "净挣", "净收入", "net income"],
    &[
        "技改",
        "技术改造",
        "technical renovation",
        "technical transformation",
    ],
    // an honour received, however the asker says it ("被评为啥", "评上了什么")
    &["获评", "被评为", "评为", "评上", "评选为"],
    &["文明城市", "文明城", "civilized city"],
];

/// Groups of words for one thing that the genre also uses for different things: written only when
/// the report uses exactly one of them (a report giving both 参合率 and 参保率 means two figures).
const EXCLUSIVE: &[&[&str]] = &[
    &["参合率", "参保率", "participation rate"],
    &["产量", "产出", "output"],
    &["游客", "旅游人数"],
];

/// Every term of the groups [`synonyms_toml`] writes for a report: words it maps to the report's own.
pub fn terms_for(text: &str) -> Vec<String> {
    groups_for(text)
        .into_iter()
        .flatten()
        .map(str::to_string)
        .collect()
}

fn groups_for(text: &str) -> Vec<Vec<&'static str>> {
    let mut out = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    let exclusive = EXCLUSIVE
        .iter()
        .filter(|g| g.iter().filter(|t| text.contains(**t)).count() == 1);
    for group in GROUPS.iter().chain(exclusive) {
        let Some(own) = group.iter().find(|t| text.contains(**t)) else {
            continue;
        };
        let mut terms: Vec<&str> = vec![own];
        terms.extend(group.iter().filter(|t| *t != own));
        // a term belongs to one group: skip terms an earlier group took
        let terms: Vec<&str> = terms
            .into_iter()
            .filter(|t| !taken.contains(&t.to_lowercase()))
            .collect();
        if terms.len() < 2 || terms[0] != *own {
            continue;
        }
        taken.extend(terms.iter().map(|t| t.to_lowercase()));
        out.push(terms);
    }
    out
}

/// The groups whose terms the report uses, each with the report's own term first, as TOML.
pub fn synonyms_toml(text: &str, header: &str) -> String {
    let mut out = String::from(header);
    for terms in groups_for(text) {
        let list: Vec<String> = terms.iter().map(|t| format!("{t:?}")).collect();
        out.push_str(&format!("\n[[group]]\nterms = [{}]\n", list.join(", ")));
    }
    out
}
