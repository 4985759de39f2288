// reference.mjs - reference tables for the DEV-ONLY mock API, copied from the
// repository data files data/districts.tsv, data/zones.tsv and data/industries.tsv
// (which name their sources). Regenerate by hand if those change; the product reads
// them from the server (/api/v1/meta/*), never from here.

export const DISTRICTS = [{"code":"500101","name":"万州区","short_name":"万州","kind":"district","valid_from":"","valid_to":"","successor":"","provisional":false,"region":2},
  {"code":"500102","name":"涪陵区","short_name":"涪陵","kind":"district","valid_from":"","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500103","name":"渝中区","short_name":"渝中","kind":"district","valid_from":"","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500104","name":"大渡口区","short_name":"大渡口","kind":"district","valid_from":"","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500105","name":"江北区","short_name":"江北","kind":"district","valid_from":"","valid_to":"2025-11-05","successor":"5001LJ","provisional":false,"region":1},
  {"code":"500106","name":"沙坪坝区","short_name":"沙坪坝","kind":"district","valid_from":"","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500107","name":"九龙坡区","short_name":"九龙坡","kind":"district","valid_from":"","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500108","name":"南岸区","short_name":"南岸","kind":"district","valid_from":"","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500109","name":"北碚区","short_name":"北碚","kind":"district","valid_from":"","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500110","name":"綦江区","short_name":"綦江","kind":"district","valid_from":"2011-12-26","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500111","name":"大足区","short_name":"大足","kind":"district","valid_from":"2011-12-25","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500112","name":"渝北区","short_name":"渝北","kind":"district","valid_from":"","valid_to":"2025-11-05","successor":"5001LJ","provisional":false,"region":1},
  {"code":"500113","name":"巴南区","short_name":"巴南","kind":"district","valid_from":"","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500114","name":"黔江区","short_name":"黔江","kind":"district","valid_from":"","valid_to":"","successor":"","provisional":false,"region":3},
  {"code":"500115","name":"长寿区","short_name":"长寿","kind":"district","valid_from":"","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500116","name":"江津区","short_name":"江津","kind":"district","valid_from":"","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500117","name":"合川区","short_name":"合川","kind":"district","valid_from":"","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500118","name":"永川区","short_name":"永川","kind":"district","valid_from":"","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500119","name":"南川区","short_name":"南川","kind":"district","valid_from":"","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500120","name":"璧山区","short_name":"璧山","kind":"district","valid_from":"2014-05-02","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500151","name":"铜梁区","short_name":"铜梁","kind":"district","valid_from":"2014-05-02","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500152","name":"潼南区","short_name":"潼南","kind":"district","valid_from":"2015-04-28","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500153","name":"荣昌区","short_name":"荣昌","kind":"district","valid_from":"2015-04-28","valid_to":"","successor":"","provisional":false,"region":1},
  {"code":"500154","name":"开州区","short_name":"开州","kind":"district","valid_from":"2016-06-08","valid_to":"","successor":"","provisional":false,"region":2},
  {"code":"500155","name":"梁平区","short_name":"梁平","kind":"district","valid_from":"2016-12-02","valid_to":"","successor":"","provisional":false,"region":2},
  {"code":"500156","name":"武隆区","short_name":"武隆","kind":"district","valid_from":"2016-12-02","valid_to":"","successor":"","provisional":false,"region":3},
  {"code":"500229","name":"城口县","short_name":"城口","kind":"county","valid_from":"","valid_to":"","successor":"","provisional":false,"region":2},
  {"code":"500230","name":"丰都县","short_name":"丰都","kind":"county","valid_from":"","valid_to":"","successor":"","provisional":false,"region":2},
  {"code":"500231","name":"垫江县","short_name":"垫江","kind":"county","valid_from":"","valid_to":"","successor":"","provisional":false,"region":2},
  {"code":"500233","name":"忠县","short_name":"","kind":"county","valid_from":"","valid_to":"","successor":"","provisional":false,"region":2},
  {"code":"500235","name":"云阳县","short_name":"云阳","kind":"county","valid_from":"","valid_to":"","successor":"","provisional":false,"region":2},
  {"code":"500236","name":"奉节县","short_name":"奉节","kind":"county","valid_from":"","valid_to":"","successor":"","provisional":false,"region":2},
  {"code":"500237","name":"巫山县","short_name":"巫山","kind":"county","valid_from":"","valid_to":"","successor":"","provisional":false,"region":2},
  {"code":"500238","name":"巫溪县","short_name":"巫溪","kind":"county","valid_from":"","valid_to":"","successor":"","provisional":false,"region":2},
  {"code":"500240","name":"石柱土家族自治县","short_name":"石柱","kind":"autonomous","valid_from":"","valid_to":"","successor":"","provisional":false,"region":3},
  {"code":"500241","name":"秀山土家族苗族自治县","short_name":"秀山","kind":"autonomous","valid_from":"","valid_to":"","successor":"","provisional":false,"region":3},
  {"code":"500242","name":"酉阳土家族苗族自治县","short_name":"酉阳","kind":"autonomous","valid_from":"","valid_to":"","successor":"","provisional":false,"region":3},
  {"code":"500243","name":"彭水苗族土家族自治县","short_name":"彭水","kind":"autonomous","valid_from":"","valid_to":"","successor":"","provisional":false,"region":3},
  {"code":"5001LJ","name":"两江新区","short_name":"两江","kind":"district","valid_from":"2025-11-06","valid_to":"","successor":"","provisional":true,"region":1},
  {"code":"500110","name":"万盛区","short_name":"万盛","kind":"district","valid_from":"","valid_to":"2011-12-25","successor":"500110","provisional":false,"region":1},
  {"code":"500111","name":"双桥区","short_name":"双桥","kind":"district","valid_from":"","valid_to":"2011-12-24","successor":"500111","provisional":false,"region":1},
  {"code":"500222","name":"綦江县","short_name":"綦江","kind":"county","valid_from":"","valid_to":"2011-12-25","successor":"500110","provisional":false,"region":1},
  {"code":"500225","name":"大足县","short_name":"大足","kind":"county","valid_from":"","valid_to":"2011-12-24","successor":"500111","provisional":false,"region":1},
  {"code":"500227","name":"璧山县","short_name":"璧山","kind":"county","valid_from":"","valid_to":"2014-05-01","successor":"500120","provisional":false,"region":1},
  {"code":"500224","name":"铜梁县","short_name":"铜梁","kind":"county","valid_from":"","valid_to":"2014-05-01","successor":"500151","provisional":false,"region":1},
  {"code":"500223","name":"潼南县","short_name":"潼南","kind":"county","valid_from":"","valid_to":"2015-04-27","successor":"500152","provisional":false,"region":1},
  {"code":"500226","name":"荣昌县","short_name":"荣昌","kind":"county","valid_from":"","valid_to":"2015-04-27","successor":"500153","provisional":false,"region":1},
  {"code":"500234","name":"开县","short_name":"","kind":"county","valid_from":"","valid_to":"2016-06-07","successor":"500154","provisional":false,"region":2},
  {"code":"500228","name":"梁平县","short_name":"梁平","kind":"county","valid_from":"","valid_to":"2016-12-01","successor":"500155","provisional":false,"region":2},
  {"code":"500232","name":"武隆县","short_name":"武隆","kind":"county","valid_from":"","valid_to":"2016-12-01","successor":"500156","provisional":false,"region":3}];

export const ZONES = [
  {
    "code": "LJXQ",
    "name": "两江新区",
    "full_name": "重庆两江新区",
    "hosts": [
      "500105",
      "500112",
      "500109",
      "5001LJ"
    ],
    "district": "5001LJ"
  },
  {
    "code": "GXQ",
    "name": "重庆高新区",
    "full_name": "西部(重庆)科学城重庆高新区",
    "hosts": [
      "500106",
      "500107"
    ],
    "district": ""
  },
  {
    "code": "WSJK",
    "name": "万盛经开区",
    "full_name": "重庆万盛经济技术开发区",
    "hosts": [
      "500110"
    ],
    "district": ""
  }
];

export const SECTIONS = [{"code":"A","name":"农、林、牧、渔业","divisions":[{"code":"A01","name":"农业"},{"code":"A02","name":"林业"},{"code":"A03","name":"畜牧业"},{"code":"A04","name":"渔业"},{"code":"A05","name":"农、林、牧、渔专业及辅助性活动"}]},
  {"code":"B","name":"采矿业","divisions":[{"code":"B06","name":"煤炭开采和洗选业"},{"code":"B07","name":"石油和天然气开采业"},{"code":"B08","name":"黑色金属矿采选业"},{"code":"B09","name":"有色金属矿采选业"},{"code":"B10","name":"非金属矿采选业"},{"code":"B11","name":"开采专业及辅助性活动"},{"code":"B12","name":"其他采矿业"}]},
  {"code":"C","name":"制造业","divisions":[{"code":"C13","name":"农副食品加工业"},{"code":"C14","name":"食品制造业"},{"code":"C15","name":"酒、饮料和精制茶制造业"},{"code":"C16","name":"烟草制品业"},{"code":"C17","name":"纺织业"},{"code":"C18","name":"纺织服装、服饰业"},{"code":"C19","name":"皮革、毛皮、羽毛及其制品和制鞋业"},{"code":"C20","name":"木材加工和木、竹、藤、棕、草制品业"},{"code":"C21","name":"家具制造业"},{"code":"C22","name":"造纸和纸制品业"},{"code":"C23","name":"印刷和记录媒介复制业"},{"code":"C24","name":"文教、工美、体育和娱乐用品制造业"},{"code":"C25","name":"石油、煤炭及其他燃料加工业"},{"code":"C26","name":"化学原料和化学制品制造业"},{"code":"C27","name":"医药制造业"},{"code":"C28","name":"化学纤维制造业"},{"code":"C29","name":"橡胶和塑料制品业"},{"code":"C30","name":"非金属矿物制品业"},{"code":"C31","name":"黑色金属冶炼和压延加工业"},{"code":"C32","name":"有色金属冶炼和压延加工业"},{"code":"C33","name":"金属制品业"},{"code":"C34","name":"通用设备制造业"},{"code":"C35","name":"专用设备制造业"},{"code":"C36","name":"汽车制造业"},{"code":"C37","name":"铁路、船舶、航空航天和其他运输设备制造业"},{"code":"C38","name":"电气机械和器材制造业"},{"code":"C39","name":"计算机、通信和其他电子设备制造业"},{"code":"C40","name":"仪器仪表制造业"},{"code":"C41","name":"其他制造业"},{"code":"C42","name":"废弃资源综合利用业"},{"code":"C43","name":"金属制品、机械和设备修理业"}]},
  {"code":"D","name":"电力、热力、燃气及水生产和供应业","divisions":[{"code":"D44","name":"电力、热力生产和供应业"},{"code":"D45","name":"燃气生产和供应业"},{"code":"D46","name":"水的生产和供应业"}]},
  {"code":"E","name":"建筑业","divisions":[{"code":"E47","name":"房屋建筑业"},{"code":"E48","name":"土木工程建筑业"},{"code":"E49","name":"建筑安装业"},{"code":"E50","name":"建筑装饰、装修和其他建筑业"}]},
  {"code":"F","name":"批发和零售业","divisions":[{"code":"F51","name":"批发业"},{"code":"F52","name":"零售业"}]},
  {"code":"G","name":"交通运输、仓储和邮政业","divisions":[{"code":"G53","name":"铁路运输业"},{"code":"G54","name":"道路运输业"},{"code":"G55","name":"水上运输业"},{"code":"G56","name":"航空运输业"},{"code":"G57","name":"管道运输业"},{"code":"G58","name":"多式联运和运输代理业"},{"code":"G59","name":"装卸搬运和仓储业"},{"code":"G60","name":"邮政业"}]},
  {"code":"H","name":"住宿和餐饮业","divisions":[{"code":"H61","name":"住宿业"},{"code":"H62","name":"餐饮业"}]},
  {"code":"I","name":"信息传输、软件和信息技术服务业","divisions":[{"code":"I63","name":"电信、广播电视和卫星传输服务"},{"code":"I64","name":"互联网和相关服务"},{"code":"I65","name":"软件和信息技术服务业"}]},
  {"code":"J","name":"金融业","divisions":[{"code":"J66","name":"货币金融服务"},{"code":"J67","name":"资本市场服务"},{"code":"J68","name":"保险业"},{"code":"J69","name":"其他金融业"}]},
  {"code":"K","name":"房地产业","divisions":[{"code":"K70","name":"房地产业"}]},
  {"code":"L","name":"租赁和商务服务业","divisions":[{"code":"L71","name":"租赁业"},{"code":"L72","name":"商务服务业"}]},
  {"code":"M","name":"科学研究和技术服务业","divisions":[{"code":"M73","name":"研究和试验发展"},{"code":"M74","name":"专业技术服务业"},{"code":"M75","name":"科技推广和应用服务业"}]},
  {"code":"N","name":"水利、环境和公共设施管理业","divisions":[{"code":"N76","name":"水利管理业"},{"code":"N77","name":"生态保护和环境治理业"},{"code":"N78","name":"公共设施管理业"},{"code":"N79","name":"土地管理业"}]},
  {"code":"O","name":"居民服务、修理和其他服务业","divisions":[{"code":"O80","name":"居民服务业"},{"code":"O81","name":"机动车、电子产品和日用产品修理业"},{"code":"O82","name":"其他服务业"}]},
  {"code":"P","name":"教育","divisions":[{"code":"P83","name":"教育"}]},
  {"code":"Q","name":"卫生和社会工作","divisions":[{"code":"Q84","name":"卫生"},{"code":"Q85","name":"社会工作"}]},
  {"code":"R","name":"文化、体育和娱乐业","divisions":[{"code":"R86","name":"新闻和出版业"},{"code":"R87","name":"广播、电视、电影和录音制作业"},{"code":"R88","name":"文化艺术业"},{"code":"R89","name":"体育"},{"code":"R90","name":"娱乐业"}]},
  {"code":"S","name":"公共管理、社会保障和社会组织","divisions":[{"code":"S91","name":"中国共产党机关"},{"code":"S92","name":"国家机构"},{"code":"S93","name":"人民政协、民主党派"},{"code":"S94","name":"社会保障"},{"code":"S95","name":"群众团体、社会团体和其他成员组织"},{"code":"S96","name":"基层群众自治组织及其他组织"}]},
  {"code":"T","name":"国际组织","divisions":[{"code":"T97","name":"国际组织"}]}];
