/**
 * The shape a Tributary dashboard must have, built from Grafana's published types
 * (@grafana/schema): the dashboard model, and the options and field config of the two panel
 * plugins the dashboards use. wrap-dashboards.mjs turns each dashboard file into an object
 * literal of type TributaryDashboard, so `tsc --strict` reports an unknown key anywhere in
 * it (an object literal may hold only the keys its type names) as well as a wrong type.
 */
import type {
    Dashboard,
    DataQuery,
    DataSourceRef,
    FieldConfig,
    FieldConfigSource,
    Panel,
    RowPanel,
} from '@grafana/schema';
import type * as stat from
    '@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen';
import type * as timeseries from
    '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';

/**
 * A type as it reads in JSON: Grafana stores a string enum member by its value, so here a
 * string enum accepts its values ("list", not LegendDisplayMode.List). Numeric enums accept
 * their numbers as they are.
 */
export type Json<T> = T extends string
    ? `${T}`
    : T extends number | boolean | null | undefined
      ? T
      : T extends readonly (infer E)[]
        ? Json<E>[]
        : T extends object
          ? { [K in keyof T]: Json<T[K]> }
          : T;

/**
 * A Prometheus query as Grafana's Prometheus data source saves it in a panel. The data
 * source plugin publishes no type of its own in @grafana/schema, so its fields are named
 * here, on top of the DataQuery every query shares.
 */
export interface PrometheusQuery extends DataQuery {
    datasource?: DataSourceRef;
    expr: string;
    legendFormat?: string;
    editorMode?: 'code' | 'builder';
    range?: boolean;
    instant?: boolean;
    exemplar?: boolean;
    format?: 'time_series' | 'table' | 'heatmap';
    interval?: string;
}

/** A panel of one plugin: its options and custom field config typed by that plugin. */
type PluginPanel<Type extends string, Options, Custom> =
    Omit<Panel, 'type' | 'targets' | 'options' | 'fieldConfig'> & {
        type: Type;
        targets: PrometheusQuery[];
        options: Options;
        fieldConfig: {
            defaults: Omit<FieldConfig, 'custom'> & { custom?: Custom };
            overrides: FieldConfigSource['overrides'];
        };
    };

export type TimeSeriesPanel =
    PluginPanel<'timeseries', timeseries.Options, timeseries.FieldConfig>;

/** The stat plugin has no custom field config. */
export type StatPanel = PluginPanel<'stat', stat.Options, never>;

export type TributaryPanel = TimeSeriesPanel | StatPanel;

/** A row; a collapsed row holds its panels, an open one is followed by them. */
export type TributaryRow = Omit<RowPanel, 'panels'> & { panels: TributaryPanel[] };

export type TributaryDashboard = Json<
    Omit<Dashboard, 'panels'> & { uid: string; panels: Array<TributaryPanel | TributaryRow> }
>;
